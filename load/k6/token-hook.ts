// Runs a profile's `hooks.acquireToken(ctx)` in k6: the test user, the target's URLs, and HTTP on k6/http. The
// request is synchronous in k6 but answers with a promise, as on Node; whatever the hook returns is awaited.
import type { TokenContext } from '../../profiles/define.ts';
import type { LoadUser } from '../lib/plan.ts';
import { declaredSecrets, hideSecrets } from '../lib/strategy-vars.ts';
import type { K6Auth } from './auth-context.ts';
import { k6Json } from './http-json.ts';

/** The hook's token; undefined when there is no hook or it declines (the strategies come next); else a problem. */
export async function tokenFromHook(
  auth: K6Auth,
  user: LoadUser,
): Promise<{ token: string } | { problem: string } | undefined> {
  const hook = auth.profile.hooks?.acquireToken;
  if (!hook) return undefined;
  const ctx: TokenContext = {
    email: user.email,
    password: user.password,
    urls: { api: auth.urls.api, auth: auth.urls.auth, web: auth.urls.web },
    request: (method, url, init = {}) => {
      const res = k6Json(method, url, init, auth.timeoutMs, 'token hook', auth.sink);
      if (res.status === 0)
        return Promise.reject(new Error(`token hook request ${method} ${url} got no answer (${res.error})`));
      return Promise.resolve({ status: res.status, json: res.json });
    },
  };
  const where = `hooks.acquireToken of profile "${auth.profile.name}"`;
  let token: unknown;
  try {
    token = await hook(ctx);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    const secrets = [
      user.password,
      user.token,
      ...declaredSecrets(auth.profile.auth.strategies, auth.settings),
    ];
    return { problem: `${where} failed for ${user.label}: ${hideSecrets(reason, secrets)}` };
  }
  if (token === undefined) return undefined;
  if (typeof token !== 'string' || token === '')
    return {
      problem: `${where} returned ${token === '' ? 'an empty string' : typeof token} for ${user.label}; expected a token or undefined`,
    };
  return { token };
}
