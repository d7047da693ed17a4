// Runs a profile's `hooks.acquireToken(ctx)` — the override of the adapter's "obtain a token" — timed on the
// engine's clock, so a login made by a hook is judged as auth.login.latency like any other. Engine-neutral: the
// Node client and the k6 scenarios each hand it their HTTP and clock.
import type { Profile } from '../../profiles/define.ts';
import type { TokenContext } from '../config/profile-schema.ts';

export type HookOutcome =
  /** The hook's token and how long obtaining it took. */
  | { token: string; ms: number }
  /** The hook declined (returned undefined): the strategies come next. */
  | { declined: true }
  /** The hook threw (`error`) or returned something that is not a token; `problem` is one line without secrets. */
  | { problem: string; error?: unknown };

/** undefined when the profile has no hook. */
export async function runTokenHook(
  profile: Profile,
  ctx: TokenContext,
  label: string,
  now: () => number,
  hide: (text: string) => string,
): Promise<HookOutcome | undefined> {
  const hook = profile.hooks?.acquireToken;
  if (!hook) return undefined;
  const where = `hooks.acquireToken of profile "${profile.name}"`;
  const startedAt = now();
  let token: unknown;
  try {
    token = await hook(ctx);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    return { problem: `${where} failed for ${label}: ${hide(reason)}`, error };
  }
  const ms = now() - startedAt;
  if (token === undefined) return { declined: true };
  if (typeof token !== 'string' || token === '')
    return {
      problem: `${where} returned ${token === '' ? 'an empty string' : typeof token} for ${label}; expected a token or undefined`,
    };
  return { token, ms };
}
