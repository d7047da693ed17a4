// AuthClient against a scripted target: registration before the first login, the acquireToken hook, and the http
// strategy's declared settings.
import { expect, test } from '@playwright/test';
import { jwtVerify } from 'jose';
import { ConfigError } from '../config/errors.ts';
import { validateProfile } from '../config/profile-loader.ts';
import { redact, Secret } from '../config/secret.ts';
import { rejection } from '../testing/rejection.ts';
import { json, ScriptedTarget } from '../testing/scripted-target.ts';
import {
  BYPASS,
  configFor,
  RELAY,
  relay,
  relayWithStrategies,
  WITH_BYPASS,
  withExchangeHook,
  WITH_REGISTER,
} from '../testing/test-profile.ts';
import { cookieValue } from '../protocol/adapter.ts';
import { AuthClient } from './auth-client.ts';
import { ClientError } from './errors.ts';
import { findingOfError } from '../diagnosis/finding.ts';

let target: ScriptedTarget;
test.beforeEach(async () => {
  target = await ScriptedTarget.start();
  target.routes['POST /v2/session'] = json(200, { jwt: 'relay-token-for-login' });
});
test.afterEach(() => target.close());

const failure = (promise: Promise<unknown>) => rejection(promise, Error);

test('the relay test profile and every new field pass the profile schema', () => {
  expect(() => validateProfile(WITH_REGISTER, 'relay')).not.toThrow();
  const unknownHook = { ...RELAY, hooks: { acquireTokens: () => undefined } };
  expect(() => validateProfile(unknownHook, 'relay.ts')).toThrow(
    /^1 wrong field in relay\.ts: hooks\.acquireTokens: expected no such field/,
  );
});

for (const status of [201, 409, 400, 422]) {
  test(`registration answered ${status} is fine: registered once per user, before the first login`, async () => {
    target.routes['POST /v2/signup'] = json(status, {});
    const config = await configFor(target.url, WITH_REGISTER);
    const auth = new AuthClient(config);
    const [alice, bob] = config.users;
    await Promise.all([auth.acquireToken(alice), auth.acquireToken(alice)]);
    await auth.acquireToken(alice);
    await auth.acquireToken(bob);
    expect(target.requests.map((r) => r.path)).toEqual([
      '/v2/signup',
      '/v2/session',
      '/v2/session',
      '/v2/session',
      '/v2/signup',
      '/v2/session',
    ]);
    expect(target.calls('POST', '/v2/signup').map((r) => r.body)).toEqual([
      { user: alice.email, pass: alice.password?.reveal() },
      { user: bob.email, pass: bob.password?.reveal() },
    ]);
  });
}

test('registration answered 5xx is AUTH_REGISTER_FAILED naming the URL and the status; the next call tries again', async () => {
  target.routes['POST /v2/signup'] = json(503, {});
  const config = await configFor(target.url, WITH_REGISTER);
  const auth = new AuthClient(config);
  const error = await failure(auth.acquireToken(config.users[0]));
  expect(error).toBeInstanceOf(ClientError);
  expect((error as ClientError).code).toBe('AUTH_REGISTER_FAILED');
  expect(error.message).toBe(
    `AUTH_REGISTER_FAILED: registration POST ${target.url}/v2/signup answered 503 for user1 (auth service unavailable); expected 2xx, or 400/409/422 for a user that exists`,
  );
  expect(target.calls('POST', '/v2/session')).toHaveLength(0);
  target.routes['POST /v2/signup'] = json(201, {});
  await auth.acquireToken(config.users[0]);
  expect(target.calls('POST', '/v2/signup')).toHaveLength(2);
});

test('registration that cannot connect is a coded error naming the URL', async () => {
  const config = await configFor(target.url, WITH_REGISTER);
  await target.close();
  const error = await failure(new AuthClient(config).acquireToken(config.users[0]));
  expect(error.message.split('\n')[0]).toBe(
    `TARGET_UNREACHABLE: registration: POST ${config.urls.auth}/v2/signup failed: connection refused`,
  );
  expect(findingOfError(error)).toMatchObject({ class: 'F13', code: 'net.refused' });
  target = await ScriptedTarget.start();
});

test('hooks.acquireToken goes first, does HTTP through the context, and its token is a secret', async () => {
  target.routes['POST /v2/exchange'] = (req, res) =>
    json(200, { minted: `hooked-${String((req.body as { who?: string }).who)}-token` })(req, res);
  const seen: unknown[] = [];
  const profile = withExchangeHook(seen);
  const config = await configFor(target.url, profile);
  const alice = config.users[0];
  const grant = await new AuthClient(config).acquireToken(alice);
  expect(grant).toEqual({ token: `hooked-${alice.email}-token`, strategy: 'hook', ms: expect.any(Number) });
  expect(seen).toEqual([
    {
      email: alice.email,
      password: alice.password?.reveal(),
      urls: { api: config.urls.api, auth: config.urls.auth, web: config.urls.web },
    },
  ]);
  expect(target.calls('POST', '/v2/exchange')[0]?.headers['x-who']).toBe('unit');
  expect(target.calls('POST', '/v2/session')).toHaveLength(0);
  expect(redact(`token ${grant.token}`)).toBe('token [redacted]');
});

test('a hook that returns undefined falls through to the strategies; one that throws is AUTH_FAILED, redacted', async () => {
  const declining = relay((p) => ({ ...p, hooks: { acquireToken: () => undefined } }));
  const config = await configFor(target.url, declining);
  expect(await new AuthClient(config).acquireToken(config.users[0])).toMatchObject({
    token: 'relay-token-for-login',
    strategy: 'login',
  });
  const throwing = relay((p) => ({
    ...p,
    hooks: {
      acquireToken: (ctx) => {
        throw new Error(`no SSO for ${ctx.password ?? ''}`);
      },
    },
  }));
  const error = await failure(
    new AuthClient(await configFor(target.url, throwing)).acquireToken(config.users[0]),
  );
  expect(error.message).toBe(
    'AUTH_FAILED: hooks.acquireToken of profile "relay" failed for user1: no SSO for [redacted]',
  );
});

test('a hook reads a session from Set-Cookie: several cookies, names in lower case', async () => {
  target.routes['POST /v2/cookie-login'] = (_req, res) => {
    res
      .writeHead(204, { 'Set-Cookie': ['theme=dark; Path=/', 'sid=hook-session-42; HttpOnly; Path=/'] })
      .end();
  };
  const cookieHook = relay((p) => ({
    ...p,
    hooks: {
      acquireToken: async (ctx) => {
        const res = await ctx.request('POST', `${ctx.urls.auth}/v2/cookie-login`, { body: {} });
        return cookieValue(res.headers, 'sid');
      },
    },
  }));
  const config = await configFor(target.url, cookieHook);
  expect(await new AuthClient(config).acquireToken(config.users[0])).toMatchObject({
    token: 'hook-session-42',
    strategy: 'hook',
  });
});

test('http strategy templates read the settings the strategy declares, as secrets', async () => {
  target.routes['POST /v2/bypass'] = json(200, { jwt: 'relay-token-for-bypass' });
  const config = await configFor(target.url, WITH_BYPASS);
  const withKey = { ...config, secrets: { ...config.secrets, BYPASS_KEY: new Secret('bypass-key-value') } };
  expect(await new AuthClient(withKey).acquireToken(config.users[0])).toMatchObject({
    token: 'relay-token-for-bypass',
    strategy: 'http',
  });
  const [call] = target.calls('POST', '/v2/bypass');
  expect(call?.headers['x-bypass']).toBe('bypass-key-value');
  expect(call?.body).toEqual({ user: config.users[0].email, key: 'bypass-key-value' });
});

test('an http strategy whose setting is not set is skipped, named in the one-line TOKEN_MISSING', async () => {
  const config = await configFor(target.url, WITH_BYPASS);
  const error = await failure(new AuthClient(config).acquireToken(config.users[0]));
  expect(error.message).toBe(
    'TOKEN_MISSING: no token strategy of profile "relay" applies to user1: http (no BYPASS_KEY)',
  );
});

test('an undeclared placeholder is a one-line PROFILE_INVALID naming it, at load and at run time', async () => {
  const undeclared = relayWithStrategies({ ...BYPASS, secretSettings: [] });
  const expected =
    'auth.strategies.0: {{bypass_key}} of the http strategy has no value (it knows {{email}}, {{password}} and the settings in its secretSettings: none); add BYPASS_KEY to secretSettings and set it in the environment file';
  expect(() => validateProfile(undeclared, 'relay.ts')).toThrow(
    new ConfigError('PROFILE_INVALID', `${expected} (in relay.ts)`),
  );
  const config = await configFor(target.url, undeclared);
  const error = await failure(new AuthClient(config).acquireToken(config.users[0]));
  expect(error).toBeInstanceOf(ConfigError);
  expect(error.message).toBe(`${expected} (in ${config.profileFile})`);
});

test('the mint strategy signs with its secret setting, whatever the setting is called', async () => {
  const mint = relayWithStrategies({
    kind: 'mint',
    alg: 'HS256',
    secretSetting: 'RELAY_SIGNING_KEY',
    claims: { sub: '{{email}}' },
    ttlSeconds: 60,
  });
  const config = await configFor(target.url, mint);
  const key = 'relay-signing-key-0123456789';
  const grant = await new AuthClient({
    ...config,
    secrets: { ...config.secrets, RELAY_SIGNING_KEY: new Secret(key) },
  }).acquireToken(config.users[0]);
  expect(grant.strategy).toBe('mint');
  const { payload } = await jwtVerify(grant.token, new TextEncoder().encode(key));
  expect(payload.sub).toBe(config.users[0].email);
});
