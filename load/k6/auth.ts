// Tokens in k6 through the profile's strategies (static, login, http), timed as auth.login.latency; k6/http only.
import http from 'k6/http';
import type { TokenStrategy } from '../../profiles/define.ts';
import type { FrameReader } from '../../src/protocol/frames.ts';
import { readId } from '../../src/protocol/json-path.ts';
import { render, renderString } from '../../src/protocol/template.ts';
import { M } from '../lib/metrics.ts';
import type { LoadUser } from '../lib/plan.ts';
import type { MetricSink } from '../lib/session.ts';

export interface K6Grant {
  token: string;
  userId?: string;
  /** Date.now() when the login started (journey start), undefined for a pre-issued token. */
  startedAt?: number;
}

/** The token, or a one-line reason there is none (never the secret itself). */
export function acquireToken(
  reader: FrameReader,
  authUrl: string,
  user: LoadUser,
  timeoutMs: number,
  sink: MetricSink,
): K6Grant | { problem: string } {
  const tried: string[] = [];
  for (const strategy of reader.profile.auth.strategies) {
    if (strategy.kind === 'static') {
      if (user.token) return { token: user.token };
      tried.push('static (no token)');
    } else if (strategy.kind === 'login' || strategy.kind === 'http') {
      if (strategy.kind === 'login' && (!user.email || !user.password)) {
        tried.push('login (no email/password)');
        continue;
      }
      return request(strategy, authUrl, user, timeoutMs, sink);
    } else {
      tried.push('mint (signing needs the Node executor)');
    }
  }
  return {
    problem: `no token strategy of profile "${reader.profile.name}" applies to ${user.label}: ${tried.join(', ')}`,
  };
}

function request(
  strategy: Extract<TokenStrategy, { kind: 'login' | 'http' }>,
  authUrl: string,
  user: LoadUser,
  timeoutMs: number,
  sink: MetricSink,
): K6Grant | { problem: string } {
  const vars = { email: user.email, password: user.password };
  const url = authUrl + strategy.path;
  const method = strategy.method ?? 'POST';
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (strategy.kind === 'http')
    for (const [k, v] of Object.entries(strategy.headers ?? {})) headers[k] = renderString(v, vars);
  const body = strategy.body === undefined ? null : JSON.stringify(render(strategy.body, vars));
  const startedAt = Date.now();
  const res = http.request(method, url, body, {
    headers,
    timeout: `${timeoutMs}ms`,
    tags: { name: 'login' },
  });
  const ms = Date.now() - startedAt;
  if (res.status >= 500) sink.add(M.http5xx, 1);
  let json: unknown;
  try {
    json = JSON.parse(typeof res.body === 'string' ? res.body : '') as unknown;
  } catch {
    json = undefined;
  }
  const token = res.status >= 200 && res.status < 300 ? readId(json, strategy.tokenPath) : undefined;
  if (!token)
    return {
      problem: `${method} ${url} answered ${res.status || `no response (${res.error})`} without a token for ${user.label}`,
    };
  sink.add(M.login, ms);
  const userId =
    strategy.kind === 'login' && strategy.userIdPath ? readId(json, strategy.userIdPath) : undefined;
  return { token, startedAt, ...(userId !== undefined ? { userId } : {}) };
}
