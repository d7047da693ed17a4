// Auth, identity, health and leak faults in the lumen dialect: slow or down auth, a stripped Cookie, demo modes,
// the socket serving another identity, the session cookie echoed everywhere, readiness held up, a cold start.
import { expect, test } from '@playwright/test';
import { call } from './http-client.ts';
import { rawUpgrade } from './raw-upgrade.ts';
import { FrameClient } from './ws-client.ts';
import {
  LUMEN_ALICE,
  askTurn,
  hello,
  liveUrl,
  lumenSocket,
  turnDone,
  type LumenSession,
  useLumenTarget,
} from './lumen-client.ts';

const world = useLumenTarget();

const withCookie = (s: LumenSession): { headers: Record<string, string> } => ({
  headers: { cookie: s.cookie },
});

test('F1 auth-slow: the login, whoami and the upgrade each take the added time', async () => {
  world.target.setFaults('auth-slow:300');
  const res = await call(world.target.url, '/api/session', { body: LUMEN_ALICE });
  expect(res.status).toBe(200);
  expect(res.ms).toBeGreaterThanOrEqual(290);
  expect((await call(world.target.url, '/api/whoami', withCookie(world.alice))).ms).toBeGreaterThanOrEqual(
    290,
  );
  const started = performance.now();
  const client = lumenSocket(world.target.url, world.alice);
  await hello(client);
  expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  await client.close();
});

test('F2 auth-down: login and whoami 503 auth_unavailable, readyz 503 {ready:false}, livez 200, upgrade 503', async () => {
  world.target.setFaults('auth-down');
  const login = await call(world.target.url, '/api/session', { body: LUMEN_ALICE });
  expect([login.status, login.json]).toEqual([503, { error: 'auth_unavailable' }]);
  expect((await call(world.target.url, '/api/whoami', withCookie(world.alice))).status).toBe(503);
  const ready = await call(world.target.url, '/readyz');
  expect([ready.status, ready.json]).toEqual([503, { ready: false }]);
  expect((await call(world.target.url, '/livez')).json).toEqual({ alive: true });
  expect(
    (await rawUpgrade(world.target.url, `/live/${world.alice.userId}`, { cookie: world.alice.cookie }))
      .status,
  ).toBe(503);
});

test('F4 strip-auth-header: the Cookie never reaches the backend — whoami 401, the upgrade 401', async () => {
  world.target.setFaults('strip-auth-header');
  expect((await call(world.target.url, '/api/whoami', withCookie(world.alice))).status).toBe(401);
  expect(
    (await rawUpgrade(world.target.url, `/live/${world.alice.userId}`, { cookie: world.alice.cookie }))
      .status,
  ).toBe(401);
});

test('F6 ready-dependency-timeout: readyz waits, then 503 {ready:false}; livez stays 200', async () => {
  world.target.setFaults('ready-dependency-timeout:200');
  const ready = await call(world.target.url, '/readyz');
  expect([ready.status, ready.json]).toEqual([503, { ready: false }]);
  expect(ready.ms).toBeGreaterThanOrEqual(190);
  expect((await call(world.target.url, '/livez')).status).toBe(200);
});

test('F7 cold-start-5xx: the first requests and upgrades answer 503, 500, …, then the service is up', async () => {
  world.target.setFaults('cold-start-5xx:3');
  expect((await call(world.target.url, '/livez')).status).toBe(503);
  expect((await call(world.target.url, '/readyz')).status).toBe(500);
  expect(
    (await rawUpgrade(world.target.url, `/live/${world.alice.userId}`, { cookie: world.alice.cookie }))
      .status,
  ).toBe(503);
  expect((await call(world.target.url, '/livez')).status).toBe(200);
});

test('F15 login-any-password and auth-bypass: any password; every client the demo user', async () => {
  world.target.setFaults('login-any-password');
  expect(
    (await call(world.target.url, '/api/session', { body: { ...LUMEN_ALICE, password: 'wrong' } })).status,
  ).toBe(200);
  expect(
    (await call(world.target.url, '/api/session', { body: { username: 'nobody', password: 'x' } })).status,
  ).toBe(401);
  world.target.setFaults('auth-bypass');
  const demo = await call(world.target.url, '/api/session', { body: LUMEN_ALICE });
  expect(demo.json).toEqual({ user: { id: 'demo-user', username: 'demo' } });
  const anonymous = new FrameClient(liveUrl(world.target.url, world.alice.userId));
  await hello(anonymous);
  expect(anonymous.frames[0]).toEqual({ op: 'hello', session: { user: 'demo-user' } });
  await anonymous.close();
});

test("F22 serve-other-identity: alice's socket says hello as bob and receives bob's turns", async () => {
  world.target.setFaults('serve-other-identity');
  // The path is still checked against the session's own user.
  expect(
    (await rawUpgrade(world.target.url, `/live/${world.bob.userId}`, { cookie: world.alice.cookie })).status,
  ).toBe(403);
  const a = lumenSocket(world.target.url, world.alice);
  await hello(a);
  expect(a.frames[0]).toEqual({ op: 'hello', session: { user: world.bob.userId } });
  world.target.setFaults('');
  const b = lumenSocket(world.target.url, world.bob);
  await hello(b);
  const bobs = await askTurn(b, 'rid-bob-secret', 'bob only');
  expect((await turnDone(a, 'rid-bob-secret')).map((t) => t.frame)).toEqual(bobs.map((t) => t.frame));
  await Promise.all([a.close(), b.close()]);
});

test('F16 echo-token-everywhere: the session id in a header and error bodies, the 101, and a turn error frame', async () => {
  world.target.setFaults('echo-token-everywhere');
  const http = await call(world.target.url, '/no/such/path', withCookie(world.alice));
  expect(http.status).toBe(404);
  expect(http.headers['x-debug-token']).toBe(world.alice.sessionId);
  expect(http.text).toContain(world.alice.sessionId);
  const client = lumenSocket(world.target.url, world.alice);
  const upgraded = new Promise<unknown>((resolve) =>
    client.ws.once('upgrade', (res) => resolve(res.headers['x-debug-token'])),
  );
  await hello(client);
  expect(await upgraded).toBe(world.alice.sessionId);
  const turn = await askTurn(client, 'rid-echo-1', 'Which city is the fastest?');
  expect(turn.at(-1)?.frame).toMatchObject({ error: true, done: true });
  expect(String(turn.at(-1)?.data.message)).toContain(world.alice.sessionId);
  await client.close();
  world.target.setFaults('');
  const clean = await call(world.target.url, '/no/such/path', withCookie(world.alice));
  expect(clean.headers['x-debug-token']).toBeUndefined();
  expect(clean.text).not.toContain(world.alice.sessionId);
});
