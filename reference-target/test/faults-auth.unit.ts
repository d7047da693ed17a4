// Auth-side faults on the wire: F1 slow auth, F2 auth down, F4 stripped headers, F15 bypass, F16 echoed token.
import { expect, test } from '@playwright/test';
import { startReferenceTarget, type RunningTarget } from '../server.ts';
import { ALICE, BOB, bearer, call, login, type LoggedIn } from './http-client.ts';
import { rawUpgrade } from './raw-upgrade.ts';
import { FrameClient, base64url, wsUrl } from './ws-client.ts';

let target: RunningTarget;
let alice: LoggedIn;
test.beforeAll(async () => {
  target = await startReferenceTarget({ port: 0, log: 'silent', phaseDelayMs: [5, 20] });
  alice = await login(target.url, ALICE);
});
test.afterAll(async () => {
  await target.close();
});
test.afterEach(() => target.setFaults(''));

test('F1 auth-slow: login, /auth/me and the WebSocket token check each take the added time', async () => {
  target.setFaults('auth-slow:300');
  const res = await call(target.url, '/auth/login', { body: ALICE });
  expect(res.status).toBe(200);
  expect(res.ms).toBeGreaterThanOrEqual(290);
  expect((await call(target.url, '/auth/me', { headers: bearer(alice.token) })).ms).toBeGreaterThanOrEqual(
    290,
  );
  const started = performance.now();
  const client = new FrameClient(wsUrl(target.url), [], {
    headers: { authorization: `Bearer ${alice.token}` },
  });
  await client.next('connection_established');
  expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  await client.close();
  expect((await call(target.url, '/health')).ms).toBeLessThan(200);
});

test('F2 auth-down: auth endpoints answer 503 auth_unavailable, WebSocket upgrades with a token 503', async () => {
  target.setFaults('auth-down');
  for (const [path, init] of [
    ['/auth/login', { body: ALICE }],
    ['/auth/me', { headers: bearer(alice.token) }],
    ['/auth/health', {}],
  ] as const) {
    const res = await call(target.url, path, init);
    expect(res.status, path).toBe(503);
    expect(res.json, path).toEqual({ error: 'auth_unavailable' });
  }
  const client = new FrameClient(wsUrl(target.url), ['jwt-auth', `jwt.${base64url(alice.token)}`]);
  expect((await client.rejection()).status).toBe(503);
  const infra = await call(target.url, '/health/infrastructure');
  expect(infra.json.auth_service).toMatchObject({ status: 'unhealthy' });
  expect((await call(target.url, '/health')).status).toBe(200);
});

test('F2 auth-down:502 answers the given status', async () => {
  target.setFaults('auth-down:502');
  expect((await call(target.url, '/auth/login', { body: ALICE })).status).toBe(502);
});

test('F4 strip-auth-header: header auth fails (401) although the token was sent; subprotocol auth still works', async () => {
  target.setFaults('strip-auth-header');
  const viaHeader = new FrameClient(wsUrl(target.url), [], {
    headers: { authorization: `Bearer ${alice.token}` },
  });
  expect((await viaHeader.rejection()).status).toBe(401);
  expect((await call(target.url, '/auth/me', { headers: bearer(alice.token) })).status).toBe(401);
  const viaProtocol = new FrameClient(wsUrl(target.url), ['jwt-auth', `jwt.${base64url(alice.token)}`]);
  await viaProtocol.next('connection_established');
  await viaProtocol.close();
});

test('F4 strip-subprotocol: subprotocol auth fails (401); header auth is accepted with no subprotocol echoed', async () => {
  target.setFaults('strip-subprotocol');
  const viaProtocol = new FrameClient(wsUrl(target.url), ['jwt-auth', `jwt.${base64url(alice.token)}`]);
  expect((await viaProtocol.rejection()).status).toBe(401);
  const handshake = await rawUpgrade(target.url, '/ws', {
    authorization: `Bearer ${alice.token}`,
    'sec-websocket-protocol': 'jwt-auth',
  });
  expect(handshake.status).toBe(101);
  expect(handshake.headers['sec-websocket-protocol']).toBeUndefined();
});

test('without F4 the same handshake echoes jwt-auth', async () => {
  const handshake = await rawUpgrade(target.url, '/ws', {
    authorization: `Bearer ${alice.token}`,
    'sec-websocket-protocol': 'jwt-auth',
  });
  expect(handshake.headers['sec-websocket-protocol']).toBe('jwt-auth');
});

test('F15 auth-bypass: no token and bad tokens are accepted as demo-user; two logins come back as one identity', async () => {
  target.setFaults('auth-bypass');
  for (const options of [{}, { headers: { authorization: 'Bearer forged' } }]) {
    const client = new FrameClient(wsUrl(target.url), [], options);
    const ready = await client.next('connection_established');
    expect(ready.user_id).toBe('demo-user');
    await client.close();
  }
  const [a, b] = [await login(target.url, ALICE), await login(target.url, BOB)];
  expect(a.userId).toBe('demo-user');
  expect(b.userId).toBe(a.userId);
  expect((await call(target.url, '/auth/login', { body: { ...ALICE, password: 'wrong' } })).status).toBe(401);
});

test('F16 echo-token: the echoed subprotocol is the token-bearing entry', async () => {
  target.setFaults('echo-token');
  const entry = `jwt.${base64url(alice.token)}`;
  const client = new FrameClient(wsUrl(target.url), ['jwt-auth', entry]);
  await client.next('connection_established');
  expect(client.protocol).toBe(entry);
  await client.close();
});

test('F15 login-any-password: a seeded email signs in with a wrong password; an unknown email is still refused', async () => {
  target.setFaults('login-any-password');
  const wrong = await call(target.url, '/auth/login', { body: { ...ALICE, password: 'wrong' } });
  expect(wrong.status).toBe(200);
  expect(typeof wrong.json.access_token).toBe('string');
  expect(
    (await call(target.url, '/auth/login', { body: { email: 'nobody@golden-path.test', password: 'wrong' } }))
      .status,
  ).toBe(401);
});
