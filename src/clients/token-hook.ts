// Runs a profile's `hooks.acquireToken(ctx)`: the test user, the target's URLs, and HTTP through the harness's client.
import type { TokenContext } from '../../profiles/define.ts';
import type { Config, TestUser } from '../config/index.ts';
import { redact, registerSecret } from '../config/secret.ts';
import { ClientError } from './errors.ts';
import type { HttpClient } from './http.ts';

/** The hook's token (registered as a secret), or undefined when the profile has no hook or it declines. */
export async function tokenFromHook(
  config: Config,
  http: HttpClient,
  user: TestUser,
): Promise<string | undefined> {
  const hook = config.profile.hooks?.acquireToken;
  if (!hook) return undefined;
  const { api, auth, web } = config.urls;
  const ctx: TokenContext = {
    email: user.email,
    password: user.password?.reveal(),
    urls: { api, auth, web },
    request: async (method, url, init = {}) => {
      const res = await http.call(url, {
        method,
        headers: init.headers,
        body: init.body,
        timeoutMs: config.timeouts.requestMs,
        what: 'token hook request',
      });
      return { status: res.status, json: res.json };
    },
  };
  const where = `hooks.acquireToken of profile "${config.profile.name}"`;
  let token: unknown;
  try {
    token = await hook(ctx);
  } catch (error) {
    // The hook's own HTTP failures keep their codes (unreachable, timeout); anything else is the hook's.
    if (error instanceof ClientError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ClientError(
      'AUTH_FAILED',
      `${where} failed for ${user.label}: ${redact(reason.split('\n')[0] ?? '')}`,
    );
  }
  if (token === undefined) return undefined;
  if (typeof token !== 'string' || token === '') {
    throw new ClientError(
      'AUTH_FAILED',
      `${where} returned ${token === '' ? 'an empty string' : typeof token} for ${user.label}; expected a token or undefined`,
    );
  }
  registerSecret(token);
  return token;
}
