// One HTTP exchange through undici, timed on the monotonic clock and logged (redacted) for evidence.
import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import { redact, registerSecret } from '../config/secret.ts';
import { diagnosed } from '../diagnosis/index.ts';
import type { HttpFact, NetworkKind } from '../diagnosis/evidence.ts';
import { ClientError, networkFailure } from './errors.ts';
import { BODY_HEAD } from './evidence.ts';
import { correlationHeaders, noteAnswer } from './correlation.ts';
import { observeExchange } from './first-request.ts';
import { wireTimed } from './wire-timing.ts';

export interface Exchange {
  /** What the call was for (login, readiness, …). */
  what: string;
  method: string;
  url: string;
  status: number | undefined;
  ms: number;
  /** Wall-clock start, for reports. */
  startedAt: string;
  /** Monotonic start (performance.now()), for timelines shared with the WebSocket clock. */
  at: number;
  /** The W3C traceparent sent, and the request id the product answered with (profile's header). */
  traceparent?: string;
  requestId?: string;
  requestBody?: string;
  responseBody?: string;
  contentType?: string;
  /** Where a 3xx pointed (redirects are never followed: they are evidence). */
  location?: string;
  error?: string;
  /** The kind of network failure, when no answer came. */
  network?: NetworkKind;
  /** The caller expected JSON, so an HTML page is a finding. */
  expectJson?: boolean;
  /** A 2xx answer to a JSON call whose body did not parse (and is not an HTML page): a malformed body (F31). */
  jsonInvalid?: boolean;
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
  ms: number;
}

export interface HttpOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'OPTIONS';
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
  /** What the call is for, named in timeout messages ("login", "readiness"). */
  what: string;
  /** An API call: an HTML answer (an app shell, a proxy page) is then named as such. */
  expectJson?: boolean;
}

const MAX_LOGGED = 2000;

export class HttpClient {
  readonly exchanges: Exchange[] = [];

  async call(url: string, options: HttpOptions): Promise<HttpResult> {
    const method = options.method ?? 'GET';
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const trace = correlationHeaders();
    const headers = {
      ...trace,
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    };
    const startedAt = new Date().toISOString();
    const t0 = performance.now();
    const log: Exchange = {
      what: options.what,
      method,
      url,
      status: undefined,
      ms: 0,
      startedAt,
      at: t0,
      traceparent: trace.traceparent,
      ...(body ? { requestBody: redactBody(body) } : {}),
      ...(options.expectJson ? { expectJson: true } : {}),
    };
    this.exchanges.push(log);
    observeExchange(log);
    const signal = AbortSignal.timeout(options.timeoutMs);
    try {
      // The time on the wire (as k6 times a request), else the JS-side time.
      const sent = wireTimed(() =>
        request(url, {
          method,
          headers,
          body,
          signal,
          headersTimeout: options.timeoutMs,
          bodyTimeout: options.timeoutMs,
        }),
      );
      const res = await sent.result;
      const text = await res.body.text();
      const ms = sent.ms() ?? performance.now() - t0;
      registerCookies(res.headers['set-cookie']);
      const requestId = noteAnswer(res.headers);
      if (requestId) log.requestId = requestId;
      log.status = res.statusCode;
      log.ms = ms;
      log.responseBody = redactBody(text);
      const contentType = header(res.headers['content-type']);
      const location = header(res.headers.location);
      if (contentType) log.contentType = contentType;
      if (location) log.location = redact(location);
      const json = parseJson(text);
      if (options.expectJson && isMalformedJson(res.statusCode, contentType, text, json))
        log.jsonInvalid = true;
      return { status: res.statusCode, headers: res.headers, text, json, ms };
    } catch (error) {
      const ms = performance.now() - t0;
      log.ms = ms;
      if (signal.aborted || (error as { code?: string }).code === 'UND_ERR_HEADERS_TIMEOUT') {
        log.error = 'timeout';
        throw new ClientError(
          'HTTP_TIMEOUT',
          `${options.what}: ${method} ${url} gave no answer within ${options.timeoutMs} ms`,
          {
            url,
            ms,
            timeoutMs: options.timeoutMs,
          },
        );
      }
      const failure = networkFailure(error);
      const reason = failure.phrase;
      log.error = reason;
      log.network = failure.kind;
      const message = `${options.what}: ${method} ${url} failed: ${reason}`;
      const why = diagnosed(message, {
        error: { code: 'TARGET_UNREACHABLE', message },
        http: [httpFact(log)],
      });
      throw new ClientError('TARGET_UNREACHABLE', why.message, { url, reason, ms }, why.finding);
    }
  }
}

/** The diagnosis facts of one exchange. */
export function httpFact(x: Exchange): HttpFact {
  return {
    url: x.url,
    ms: x.ms,
    what: x.what,
    method: x.method,
    ...(x.status !== undefined ? { status: x.status } : {}),
    ...(x.error ? { error: x.error } : {}),
    ...(x.network ? { network: x.network } : {}),
    ...(x.contentType ? { contentType: x.contentType } : {}),
    ...(x.location ? { location: x.location } : {}),
    ...(x.responseBody ? { bodyHead: x.responseBody.slice(0, BODY_HEAD) } : {}),
    ...(x.expectJson ? { expectJson: true } : {}),
    ...(x.jsonInvalid ? { jsonInvalid: true } : {}),
  };
}

/** A 2xx body that should be JSON and is not (an HTML page is named as such elsewhere, F19). */
function isMalformedJson(
  status: number,
  contentType: string | undefined,
  text: string,
  json: unknown,
): boolean {
  if (status < 200 || status >= 300 || json !== undefined || text.trim() === '') return false;
  return !/html/i.test(contentType ?? '') && !/^\s*</.test(text);
}

/** A session cookie is a credential: its value is known to the redactor from the moment it is set. */
function registerCookies(setCookie: string | string[] | undefined): void {
  for (const c of [setCookie ?? []].flat())
    registerSecret(c.split(';')[0]?.split('=').slice(1).join('=') ?? '');
}

function redactBody(text: string): string {
  const clipped = text.length > MAX_LOGGED ? `${text.slice(0, MAX_LOGGED)}… (${text.length} bytes)` : text;
  return redact(
    clipped.replace(
      // An unterminated value (a body cut short) is masked to its end too.
      /("(?:password|access_token|refresh_token|token|ticket_id)"\s*:\s*)"[^"]*(?:"|$)/gi,
      '$1"[redacted]"',
    ),
  );
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
