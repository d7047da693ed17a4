// Test helper: undici requests against a running target, bodies parsed, plus logging in as a seeded user.
import { request } from 'undici';

export const ALICE = { email: 'alice@golden-path.test', password: 'alice-local-pass' } as const;
export const BOB = { email: 'bob@golden-path.test', password: 'bob-local-pass' } as const;

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  /** The body as JSON; `{}` when it is not JSON. */
  readonly json: Record<string, unknown>;
  readonly ms: number;
}

export async function call(
  base: string,
  path: string,
  init: {
    method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'OPTIONS';
    body?: unknown;
    raw?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<HttpAnswer> {
  const started = performance.now();
  const hasBody = init.body !== undefined || init.raw !== undefined;
  const res = await request(`${base}${path}`, {
    method: init.method ?? (hasBody ? 'POST' : 'GET'),
    headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...init.headers },
    body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  const text = await res.body.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: json stays {}
  }
  return { status: res.statusCode, headers: res.headers, text, json, ms: performance.now() - started };
}

export interface LoggedIn {
  readonly token: string;
  readonly userId: string;
}

export async function login(base: string, user: { email: string; password: string }): Promise<LoggedIn> {
  const res = await call(base, '/auth/login', { body: user });
  if (res.status !== 200) throw new Error(`login of ${user.email} answered ${res.status}: ${res.text}`);
  const u = res.json.user as { id: string };
  return { token: String(res.json.access_token), userId: u.id };
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
