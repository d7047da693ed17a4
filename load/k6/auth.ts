// Tokens in k6 as AuthClient gets them on Node: the profile's acquireToken hook first, then its strategies (static,
// login after the profile's registration, http with its declared settings); a login timed as auth.login.latency.
import type { TokenStrategy } from '../../profiles/define.ts';
import { adapterFor } from '../../src/protocol/adapter.ts';
import { readId } from '../../src/protocol/json-path.ts';
import { render, renderString } from '../../src/protocol/template.ts';
import { M } from '../lib/metrics.ts';
import type { LoadUser } from '../lib/plan.ts';
import { httpStrategyVars } from '../../src/protocol/strategy-vars.ts';
import type { K6Auth } from './auth-context.ts';
import { k6Json } from './http-json.ts';
import { tokenFromHook } from './token-hook.ts';
import { registerSecret } from '../../src/protocol/redaction.ts';

/** Registration statuses that mean "this user exists already": fine, the login comes next (as AuthClient). */
const EXISTS = [400, 409, 422];

export interface K6Grant {
  token: string;
  userId?: string;
  /** auth.now() when getting the token started (journey start), undefined for a pre-issued token. */
  startedAt?: number;
}

// Per VU (each VU has its own runtime): the emails registered, so each user registers once before its first login.
const registered = new Set<string>();

/** The token, or a one-line reason there is none (never a secret). */
export async function acquireToken(auth: K6Auth, user: LoadUser): Promise<K6Grant | { problem: string }> {
  const startedAt = auth.now();
  // Known to the redactor of this VU, so no text it writes (a warning, the summary) can carry them.
  registerSecret(user.password);
  registerSecret(user.token);
  const hooked = await tokenFromHook(auth, user);
  if (hooked && 'problem' in hooked) return hooked;
  if (hooked) {
    // A login made by a hook is a login: timed and judged as auth.login.latency, as on Node.
    registerSecret(hooked.token);
    auth.sink.add(M.login, hooked.ms);
    return { token: hooked.token, startedAt };
  }
  const tried: string[] = [];
  for (const [index, strategy] of auth.profile.auth.strategies.entries()) {
    if (strategy.kind === 'static') {
      if (user.token) return { token: user.token };
      tried.push('static (no token)');
    } else if (strategy.kind === 'login') {
      if (!(user.email ?? user.username) || !user.password) {
        tried.push('login (no email/username/password)');
        continue;
      }
      const problem = user.email ? register(auth, user, user.email, user.password) : undefined;
      if (problem) return { problem };
      const request = adapterFor(auth.profile).loginRequest(user);
      return tokenRequest(auth, strategy, 'POST', {}, request?.body, user, startedAt);
    } else if (strategy.kind === 'http') {
      const got = httpStrategyVars(strategy, user, auth.settings);
      if ('undeclared' in got)
        return {
          problem: `auth.strategies.${index}: {{${got.undeclared}}} of the http strategy of profile "${auth.profile.name}" is neither a user field nor one of its secretSettings`,
        };
      if ('missing' in got) {
        tried.push(`http (no ${got.missing.join(', ')})`);
        continue;
      }
      const headers = Object.fromEntries(
        Object.entries(strategy.headers ?? {}).map(([k, v]) => [k, renderString(v, got.vars)]),
      );
      const body = strategy.body === undefined ? undefined : render(strategy.body, got.vars);
      return tokenRequest(auth, strategy, strategy.method, headers, body, user, startedAt);
    } else {
      tried.push('mint (signing needs the Node executor)');
    }
  }
  return {
    problem: `no token strategy of profile "${auth.profile.name}" applies to ${user.label}: ${tried.join(', ')}`,
  };
}

function tokenRequest(
  auth: K6Auth,
  strategy: Extract<TokenStrategy, { kind: 'login' | 'http' }>,
  method: string,
  headers: Record<string, string>,
  body: unknown,
  user: LoadUser,
  startedAt: number,
): K6Grant | { problem: string } {
  const url = auth.urls.auth + strategy.path;
  const res = k6Json(method, url, { headers, body }, auth.timeoutMs, 'login', auth.sink);
  const answer = { status: res.status, json: res.json, headers: res.headers };
  const adapter = adapterFor(auth.profile);
  const token =
    strategy.kind === 'login'
      ? adapter.tokenOf(answer)
      : res.status >= 200 && res.status < 300
        ? readId(res.json, strategy.tokenPath)
        : undefined;
  if (!token)
    return {
      problem: `${method} ${url} answered ${res.status || `no response (${res.error})`} without a token for ${user.label}`,
    };
  auth.sink.add(M.login, res.ms);
  const userId = strategy.kind === 'login' ? adapter.userIdOf(answer) : undefined;
  registerSecret(token);
  return { token, startedAt, ...(userId !== undefined ? { userId } : {}) };
}

/** The profile's registration, once per user and VU; an "exists" answer is fine, anything else a problem. */
function register(auth: K6Auth, user: LoadUser, email: string, password: string): string | undefined {
  const step = auth.profile.auth.register;
  if (!step || registered.has(email)) return undefined;
  const url = auth.urls.auth + step.path;
  const res = k6Json(
    'POST',
    url,
    { body: render(step.body, { email, password }) },
    auth.timeoutMs,
    'register',
    auth.sink,
  );
  // A failed registration is tried again before the next login.
  if ((res.status >= 200 && res.status < 300) || EXISTS.includes(res.status)) {
    registered.add(email);
    return undefined;
  }
  const why = res.status >= 500 ? ' (auth service unavailable)' : res.status === 0 ? ` (${res.error})` : '';
  return `registration POST ${url} answered ${res.status || 'nothing'} for ${user.label}${why}; expected 2xx, or ${EXISTS.join('/')} for a user that exists`;
}
