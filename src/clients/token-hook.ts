// Runs a profile's `hooks.acquireToken(ctx)` on Node: the test user, the target's URLs, HTTP through the harness's
// client; timed (src/protocol/token-hook.ts), so a hook's login is judged like any login.
import { performance } from 'node:perf_hooks';
import type { TokenContext } from '../../profiles/define.ts';
import type { Config, TestUser } from '../config/index.ts';
import { redact, registerSecret } from '../config/secret.ts';
import { runTokenHook } from '../protocol/token-hook.ts';
import { ClientError } from './errors.ts';
import type { HttpClient } from './http.ts';

/** The hook's token (registered as a secret) and its time, or undefined when there is no hook or it declines. */
export async function tokenFromHook(
  config: Config,
  http: HttpClient,
  user: TestUser,
): Promise<{ token: string; ms: number } | undefined> {
  const { api, auth, web } = config.urls;
  const ctx: TokenContext = {
    email: user.email,
    username: user.username ?? user.email?.split('@')[0],
    fields: user.fields ?? {},
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
      return { status: res.status, json: res.json, headers: res.headers };
    },
  };
  const outcome = await runTokenHook(config.profile, ctx, user.label, () => performance.now(), redact);
  if (outcome === undefined || 'declined' in outcome) return undefined;
  if ('problem' in outcome) {
    // The hook's own HTTP failures keep their codes (unreachable, timeout); anything else is the hook's.
    if (outcome.error instanceof ClientError) throw outcome.error;
    throw new ClientError('AUTH_FAILED', outcome.problem);
  }
  registerSecret(outcome.token);
  return outcome;
}
