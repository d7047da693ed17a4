// A profile's token obtained by `hooks.acquireToken` instead of its login strategy: the hook makes the strategy's own
// request through the context's HTTP and reads the token where the profile says (JSON path, Set-Cookie or header).
// The self-test runs these with auth-slow on, to prove a hook's login is timed and judged as auth.login.latency on
// every dialect (TARGET_PROFILE=profiles/<dialect>-token-hook.ts).
import type { TokenContext } from '../src/config/profile-schema.ts';
import { adapterFor } from '../src/protocol/adapter.ts';
import { defineProfile, type Profile } from './define.ts';

export function withLoginHook(base: Profile, name: string): Profile {
  const adapter = adapterFor(base);
  async function logIn(ctx: TokenContext): Promise<string | undefined> {
    const request = adapter.loginRequest({
      email: ctx.email,
      username: ctx.username,
      password: ctx.password,
      fields: ctx.fields,
    });
    if (request === undefined) throw new Error(`${name}: the profile ${base.name} has no login strategy`);
    const res = await ctx.request('POST', ctx.urls.auth + request.path, { body: request.body });
    const token = adapter.tokenOf(res);
    if (token === undefined) throw new Error(`hook login answered ${res.status} without a token`);
    return token;
  }
  return defineProfile({
    ...base,
    name,
    description: `The ${base.name} profile, its token obtained by hooks.acquireToken (a login the hook makes itself).`,
    hooks: { ...base.hooks, acquireToken: logIn },
  });
}
