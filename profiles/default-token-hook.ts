// The default profile whose token comes from a hook, not from its login strategy: `hooks.acquireToken` logs in
// itself through the context's HTTP. The self-test runs it with auth-slow on, to prove a hook's login is timed and
// judged as auth.login.latency like any other (TARGET_PROFILE=profiles/default-token-hook.ts).
import type { TokenContext } from '../src/config/profile-schema.ts';
import defaultProfile from './default.ts';
import { defineProfile, type Profile } from './define.ts';

type Login = Extract<Profile['auth']['strategies'][number], { kind: 'login' }>;
const login = defaultProfile.auth.strategies.find((s): s is Login => s.kind === 'login');
if (!login?.tokenPath?.[0])
  throw new Error('default-token-hook: the default profile has no login with a token path');
const { path } = login;
const tokenField = login.tokenPath[0];

/** The hook's own login: the same request the login strategy makes, answered with the token at its path. */
async function logIn(ctx: TokenContext): Promise<string | undefined> {
  const res = await ctx.request('POST', ctx.urls.auth + path, {
    body: { email: ctx.email, password: ctx.password },
  });
  const token = (res.json as Record<string, unknown> | null)?.[tokenField];
  if (res.status !== 200 || typeof token !== 'string')
    throw new Error(`hook login answered ${res.status} without a token`);
  return token;
}

export default defineProfile({
  ...defaultProfile,
  name: 'default-token-hook',
  description:
    'The default profile, its token obtained by hooks.acquireToken (a login the hook makes itself).',
  hooks: { ...defaultProfile.hooks, acquireToken: logIn },
});
