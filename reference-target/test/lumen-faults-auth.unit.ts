// Auth, identity, health and leak faults in the lumen dialect: slow or down auth, a stripped Cookie, demo modes,
// the socket serving another identity, the session cookie echoed everywhere, readiness held up, a cold start.
import { expect, test } from '@playwright/test';
import { startReferenceTarget, type RunningTarget } from '../server.ts';
import { call } from './http-client.ts';
import { rawUpgrade } from './raw-upgrade.ts';
import { FrameClient } from './ws-client.ts';
import {
  LUMEN_ALICE,
  LUMEN_BOB,
  askTurn,
  hello,
  liveUrl,
  lumenLogin,
  lumenSocket,
  turnDone,
  type LumenSession,
} from './lumen-client.ts';

let target: RunningTarget;
let alice: LumenSession;
let bob: LumenSession;
test.beforeAll(async () => {
  target = await startReferenceTarget({ port: 0, log: 'silent', dialect: 'lumen', phaseDelayMs: [1, 5] });
  alice = await lumenLogin(target.url, LUMEN_ALICE);
  bob = await lumenLogin(target.url, LUMEN_BOB);
});
test.afterAll(async () => {
  await target.close();
});
test.afterEach(() => target.setFaults(''));

const withCookie = (s: LumenSession): { headers: Record<string, string> } => ({
  headers: { cookie: s.cookie },
});

test('F1 auth-slow: the login, whoami and the upgrade each take the added time', async () => {
  target.setFaults('auth-slow:300');
  const res = await call(target.url, '/api/session', { body: LUMEN_ALICE });
  expect(res.status).toBe(200);
  expect(res.ms).toBeGreaterThanOrEqual(290);
  expect((await call(target.url, '/api/whoami', withCookie(alice))).ms).toBeGreaterThanOrEqual(290);
  const started = performance.now();
  const client = lumenSocket(target.url, alice);
  await hello(client);
  expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  await client.close();
});

test('F2 auth-down: login and whoami 503 auth_unavailable, readyz 503 {ready:false}, livez 200, upgrade 503', async () => {
  target.setFaults('auth-down');
  const login = await call(target.url, '/api/session', { body: LUMEN_ALICE });
  expect([login.status, login.json]).toEqual([503, { error: 'auth_unavailable' }]);
  expect((await call(target.url, '/api/whoami', withCookie(alice))).status).toBe(503);
  const ready = await call(target.url, '/readyz');
  expect([ready.status, ready.json]).toEqual([503, { ready: false }]);
  expect((await call(target.url, '/livez')).json).toEqual({ alive: true });
  expect((await rawUpgrade(target.url, `/live/${alice.userId}`, { cookie: alice.cookie })).status).toBe(503);
});

test('F4 strip-auth-header: the Cookie never reaches the backend — whoami 401, the upgrade 401', async () => {
  target.setFaults('strip-auth-header');
  expect((await call(target.url, '/api/whoami', withCookie(alice))).status).toBe(401);
  expect((await rawUpgrade(target.url, `/live/${alice.userId}`, { cookie: alice.cookie })).status).toBe(401);
});

test('F6 ready-dependency-timeout: readyz waits, then 503 {ready:false}; livez stays 200', async () => {
  target.setFaults('ready-dependency-timeout:200');
  const ready = await call(target.url, '/readyz');
  expect([ready.status, ready.json]).toEqual([503, { ready: false }]);
  expect(ready.ms).toBeGreaterThanOrEqual(190);
  expect((await call(target.url, '/livez')).status).toBe(200);
});

test('F7 cold-start-5xx: the first requests and upgrades answer 503, 500, …, then the service is up', async () => {
  target.setFaults('cold-start-5xx:3');
  expect((await call(target.url, '/livez')).status).toBe(503);
  expect((await call(target.url, '/readyz')).status).toBe(500);
  expect((await rawUpgrade(target.url, `/live/${alice.userId}`, { cookie: alice.cookie })).status).toBe(503);
  expect((await call(target.url, '/livez')).status).toBe(200);
});

test('F15 login-any-password and auth-bypass: any password; every client the demo user', async () => {
  target.setFaults('login-any-password');
  expect(
    (await call(target.url, '/api/session', { body: { ...LUMEN_ALICE, password: 'wrong' } })).status,
  ).toBe(200);
  expect(
    (await call(target.url, '/api/session', { body: { username: 'nobody', password: 'x' } })).status,
  ).toBe(401);
  target.setFaults('auth-bypass');
  const demo = await call(target.url, '/api/session', { body: LUMEN_ALICE });
  expect(demo.json).toEqual({ user: { id: 'demo-user', username: 'demo' } });
  const anonymous = new FrameClient(liveUrl(target.url, alice.userId));
  await hello(anonymous);
  expect(anonymous.frames[0]).toEqual({ op: 'hello', session: { user: 'demo-user' } });
  await anonymous.close();
});

test("F22 serve-other-identity: alice's socket says hello as bob and receives bob's turns", async () => {
  target.setFaults('serve-other-identity');
  // The path is still checked against the session's own user.
  expect((await rawUpgrade(target.url, `/live/${bob.userId}`, { cookie: alice.cookie })).status).toBe(403);
  const a = lumenSocket(target.url, alice);
  await hello(a);
  expect(a.frames[0]).toEqual({ op: 'hello', session: { user: bob.userId } });
  target.setFaults('');
  const b = lumenSocket(target.url, bob);
  await hello(b);
  const bobs = await askTurn(b, 'rid-bob-secret', 'bob only');
  expect((await turnDone(a, 'rid-bob-secret')).map((t) => t.frame)).toEqual(bobs.map((t) => t.frame));
  await Promise.all([a.close(), b.close()]);
});

test('F16 echo-token-everywhere: the session id in a header and error bodies, the 101, and a turn error frame', async () => {
  target.setFaults('echo-token-everywhere');
  const http = await call(target.url, '/no/such/path', withCookie(alice));
  expect(http.status).toBe(404);
  expect(http.headers['x-debug-token']).toBe(alice.sessionId);
  expect(http.text).toContain(alice.sessionId);
  const client = lumenSocket(target.url, alice);
  const upgraded = new Promise<unknown>((resolve) =>
    client.ws.once('upgrade', (res) => resolve(res.headers['x-debug-token'])),
  );
  await hello(client);
  expect(await upgraded).toBe(alice.sessionId);
  const turn = await askTurn(client, 'rid-echo-1', 'Which city is the fastest?');
  expect(turn.at(-1)?.frame).toMatchObject({ error: true, done: true });
  expect(String(turn.at(-1)?.data.message)).toContain(alice.sessionId);
  await client.close();
  target.setFaults('');
  const clean = await call(target.url, '/no/such/path', withCookie(alice));
  expect(clean.headers['x-debug-token']).toBeUndefined();
  expect(clean.text).not.toContain(alice.sessionId);
});
