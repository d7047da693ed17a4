// One JSON request on k6/http (synchronous in k6): its status, parsed body and k6's own timing; a 5xx counts as
// http_5xx.
import http, { type RefinedResponse, type ResponseType } from 'k6/http';
import { M } from '../lib/metrics.ts';
import type { MetricSink } from '../lib/session.ts';
import { k6TraceHeaders } from './trace.ts';

export interface K6JsonResponse {
  /** 0 when no answer came (refused, timed out): see `error`. */
  status: number;
  json: unknown;
  /** Response headers, names in lower case (a token may come in Set-Cookie or a header). */
  headers: Record<string, string>;
  ms: number;
  error?: string;
}

/**
 * k6's own timing of one request, fractional ms, from asking for a connection to the last byte: what the Node
 * clients time around a request (k6's http_req_duration leaves out getting the connection). k6's `blocked` runs
 * until it has the connection, so it holds DNS, connect and TLS; sending starts there.
 */
export function requestMs(res: RefinedResponse<ResponseType | undefined>): number {
  const t = res.timings;
  return t.blocked + t.sending + t.waiting + t.receiving;
}

/** A body is sent as JSON (as the Node client does); the profile's own headers win over the content type and trace. */
export function k6Json(
  method: string,
  url: string,
  init: { headers?: Record<string, string>; body?: unknown },
  timeoutMs: number,
  name: string,
  sink: MetricSink,
): K6JsonResponse {
  const body = init.body === undefined ? null : JSON.stringify(init.body);
  const headers: Record<string, string> = { ...k6TraceHeaders(), ...init.headers };
  if (body !== null && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type'))
    headers['Content-Type'] = 'application/json';
  const res = http.request(method, url, body, { headers, timeout: `${timeoutMs}ms`, tags: { name } });
  const ms = requestMs(res);
  if (res.status >= 500) sink.add(M.http5xx, 1);
  let json: unknown;
  try {
    json = JSON.parse(typeof res.body === 'string' ? res.body : '') as unknown;
  } catch {
    json = undefined;
  }
  const answerHeaders = Object.fromEntries(
    Object.entries(res.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
  );
  return {
    status: res.status,
    json,
    headers: answerHeaders,
    ms,
    ...(res.status === 0 ? { error: res.error || 'no response' } : {}),
  };
}
