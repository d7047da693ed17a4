// Runs a profile's `hooks.acquireToken(ctx)` in k6: the test user, the target's URLs, and HTTP on k6/http. The
// request is synchronous in k6 but answers with a promise, as on Node; timed like any login.
import type { TokenContext } from '../../profiles/define.ts';
import { runTokenHook } from '../../src/protocol/token-hook.ts';
import type { LoadUser } from '../lib/plan.ts';
import { declaredSecrets, hideSecrets } from '../lib/strategy-vars.ts';
import type { K6Auth } from './auth-context.ts';
import { k6Json } from './http-json.ts';

/** The hook's token and time; undefined when there is no hook or it declines (the strategies come next); else a problem. */
export async function tokenFromHook(
  auth: K6Auth,
  user: LoadUser,
): Promise<{ token: string; ms: number } | { problem: string } | undefined> {
  const ctx: TokenContext = {
    email: user.email,
    username: user.username ?? user.email?.split('@')[0],
    fields: user.fields ?? {},
    password: user.password,
    urls: { api: auth.urls.api, auth: auth.urls.auth, web: auth.urls.web },
    request: (method, url, init = {}) => {
      const res = k6Json(method, url, init, auth.timeoutMs, 'token hook', auth.sink);
      if (res.status === 0)
        return Promise.reject(new Error(`token hook request ${method} ${url} got no answer (${res.error})`));
      return Promise.resolve({ status: res.status, json: res.json, headers: res.headers });
    },
  };
  const secrets = [
    user.password,
    user.token,
    ...declaredSecrets(auth.profile.auth.strategies, auth.settings),
  ];
  const outcome = await runTokenHook(
    auth.profile,
    ctx,
    user.label,
    () => Date.now(),
    (text) => hideSecrets(text, secrets),
  );
  if (outcome === undefined || 'declined' in outcome) return undefined;
  if ('problem' in outcome) return { problem: outcome.problem };
  return outcome;
}
