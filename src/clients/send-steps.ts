// The HTTP steps around a question — create a thread, send it over HTTP — authenticated the way the profile's
// header carrier says; failures come back as coded errors with their likely cause, never thrown.
import { performance } from 'node:perf_hooks';
import type { ProfileDefinition } from '../../profiles/define.ts';
import type { Config } from '../config/index.ts';
import { diagnosed } from '../diagnosis/index.ts';
import { readId } from '../protocol/json-path.ts';
import { render } from '../protocol/template.ts';
import { authHeaders } from './carriers.ts';
import { ClientError } from './errors.ts';
import type { HttpClient, HttpResult } from './http.ts';
import { preview } from './ws-connection.ts';

/** What the steps of a session need: its config, and the token and HTTP client of the client that opened it. */
export interface StepContext {
  config: Config;
  token: string;
  http: HttpClient;
}

type Send = ProfileDefinition['send'];

/** The profile's create-thread step: the new thread's id, or the error. */
export async function createThread(
  ctx: StepContext,
  step: NonNullable<Send['createThread']>,
  question: string,
): Promise<string | ClientError> {
  const url = ctx.config.urls.api + step.path;
  const body = step.body === undefined ? undefined : render(step.body, { text: question });
  const result = await call(ctx, url, step.method, body, 'create thread');
  if (result instanceof ClientError) return result;
  const id = result.status >= 200 && result.status < 300 ? readId(result.json, step.threadIdPath) : undefined;
  if (id !== undefined) return id;
  const expected = `expected 2xx with a thread id at ${step.threadIdPath.join(' | ')}`;
  const message = `create thread ${step.method} ${url} answered ${result.status} (${expected}): ${preview(result.json ?? result.text)}`;
  return stepError('THREAD_CREATE_FAILED', message, {
    url,
    status: result.status,
    ms: result.ms,
    what: 'create thread',
  });
}

/** The question over HTTP; `sentAt` (performance.now(), the frames' clock) is stamped just before the request. */
export async function sendOverHttp(
  ctx: StepContext,
  step: NonNullable<Send['http']>,
  vars: { text: string; thread_id: string | undefined },
): Promise<{ sentAt: number; error?: ClientError }> {
  const url = ctx.config.urls.api + step.path;
  const body = render(step.body, vars);
  const sentAt = performance.now();
  const result = await call(ctx, url, step.method, body, 'send question');
  if (result instanceof ClientError) return { sentAt, error: result };
  if (result.status >= 200 && result.status < 300) return { sentAt };
  const message = `send question ${step.method} ${url} answered ${result.status} (expected 2xx): ${preview(result.json ?? result.text)}`;
  return {
    sentAt,
    error: stepError('SEND_FAILED', message, {
      url,
      status: result.status,
      ms: result.ms,
      what: 'send question',
    }),
  };
}

/** One authenticated call; a network failure or timeout comes back as its error, explained. */
async function call(
  ctx: StepContext,
  url: string,
  method: 'POST',
  body: unknown,
  what: string,
): Promise<HttpResult | ClientError> {
  try {
    const headers = authHeaders(ctx.config.profile, ctx.token);
    return await ctx.http.call(url, {
      method,
      headers,
      body,
      timeoutMs: ctx.config.timeouts.requestMs,
      what,
    });
  } catch (error) {
    if (!(error instanceof ClientError)) throw error;
    const { ms, reason } = error.evidence;
    const failure =
      error.code === 'HTTP_TIMEOUT' ? 'timeout' : typeof reason === 'string' ? reason : error.code;
    const fact = { url, ms: typeof ms === 'number' ? ms : 0, what, error: failure };
    const evidence = { error: { code: error.code, message: error.message }, http: [fact] };
    const why = diagnosed(error.detail, evidence);
    return new ClientError(error.code, why.message, { ...error.evidence }, why.finding);
  }
}

function stepError(
  code: 'THREAD_CREATE_FAILED' | 'SEND_FAILED',
  message: string,
  fact: { url: string; status: number; ms: number; what: string },
): ClientError {
  const evidence = { error: { code, message: `${code}: ${message}` }, http: [fact] };
  const why = diagnosed(message, evidence);
  return new ClientError(code, why.message, { url: fact.url, status: fact.status }, why.finding);
}
