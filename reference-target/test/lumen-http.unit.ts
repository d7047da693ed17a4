// lumen dialect, HTTP side: the cookie login (no token in the body), whoami, logout, bare liveness/readiness, no web
// UI, no version or infrastructure endpoints, no CORS.
import { expect, test } from '@playwright/test';
import { startReferenceTarget, type RunningTarget } from '../server.ts';
import { call } from './http-client.ts';
import { LUMEN_ALICE, LUMEN_BOB, lumenLogin } from './lumen-client.ts';

let target: RunningTarget;
test.beforeAll(async () => {
  target = await startReferenceTarget({ port: 0, log: 'silent', dialect: 'lumen', phaseDelayMs: [1, 5] });
});
test.afterAll(async () => {
  await target.close();
});

test('POST /api/session sets an opaque HttpOnly lumen_sid cookie and answers {user:{id,username}}, no token', async () => {
  const res = await call(target.url, '/api/session', { body: LUMEN_ALICE });
  expect(res.status).toBe(200);
  const setCookie = String(res.headers['set-cookie']);
  expect(setCookie).toMatch(/^lumen_sid=[0-9a-f]{32}; HttpOnly; Path=\/; SameSite=Lax$/);
  const sid = /^lumen_sid=([0-9a-f]{32})/.exec(setCookie)?.[1] ?? '';
  expect(res.json).toEqual({ user: { id: expect.stringMatching(/^usr_/), username: 'alice' } });
  expect(res.text).not.toContain(sid);
  expect(Object.keys(res.json)).toEqual(['user']);
  // Opaque: not a JWT, and a new one per login.
  expect(sid).not.toContain('.');
  expect((await lumenLogin(target.url, LUMEN_ALICE)).sessionId).not.toBe(sid);
});

test('bad credentials → 401 bad_credentials; malformed bodies → 400 bad_request; no cookie either way', async () => {
  for (const body of [
    { ...LUMEN_ALICE, password: 'nope' },
    { username: 'nobody', password: 'alice-local-pass' },
    // The email is not the username.
    { username: 'alice@golden-path.test', password: 'alice-local-pass' },
  ]) {
    const res = await call(target.url, '/api/session', { body });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: 'bad_credentials' });
    expect(res.headers['set-cookie']).toBeUndefined();
  }
  for (const init of [
    { raw: '{"username"' },
    { raw: '"alice"' },
    { body: { username: 'alice' } },
    { body: { username: 1, password: 'x' } },
    { body: { email: 'alice@golden-path.test', password: 'alice-local-pass' } },
  ]) {
    const res = await call(target.url, '/api/session', init);
    expect(res.status, JSON.stringify(init)).toBe(400);
    expect(res.json).toEqual({ error: 'bad_request' });
  }
});

test('GET /api/whoami: 200 with the cookie, 401 without or with an unknown one; logout ends the session', async () => {
  const alice = await lumenLogin(target.url, LUMEN_ALICE);
  const bob = await lumenLogin(target.url, LUMEN_BOB);
  const me = await call(target.url, '/api/whoami', { headers: { cookie: `theme=dark; ${alice.cookie}` } });
  expect(me.status).toBe(200);
  expect(me.json).toEqual({ user: { id: alice.userId, username: 'alice' } });
  expect((await call(target.url, '/api/whoami', { headers: { cookie: bob.cookie } })).json).toEqual({
    user: { id: bob.userId, username: 'bob' },
  });
  expect(alice.userId).not.toBe(bob.userId);
  for (const headers of [
    {} as Record<string, string>,
    { cookie: 'lumen_sid=' },
    { cookie: `lumen_sid=${'0'.repeat(32)}` },
  ]) {
    const res = await call(target.url, '/api/whoami', { headers });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: 'unauthorized' });
  }
  // A bearer header is not a lumen credential.
  expect(
    (await call(target.url, '/api/whoami', { headers: { authorization: `Bearer ${alice.sessionId}` } }))
      .status,
  ).toBe(401);
  const out = await call(target.url, '/api/session', { method: 'DELETE', headers: { cookie: alice.cookie } });
  expect(out.status).toBe(204);
  expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
  expect((await call(target.url, '/api/whoami', { headers: { cookie: alice.cookie } })).status).toBe(401);
});

test('livez and readyz are bare booleans', async () => {
  const live = await call(target.url, '/livez');
  expect(live.status).toBe(200);
  expect(live.json).toEqual({ alive: true });
  const ready = await call(target.url, '/readyz');
  expect(ready.status).toBe(200);
  expect(ready.json).toEqual({ ready: true });
});

test('no web UI, no version, health or infrastructure endpoints: 404 {"error":"not_found"}', async () => {
  for (const path of [
    '/',
    '/login',
    '/chat',
    '/version.json',
    '/health',
    '/health/ready',
    '/health/infrastructure',
    '/auth/login',
    '/auth/me',
  ]) {
    const res = await call(target.url, path);
    expect(res.status, path).toBe(404);
    expect(res.json).toEqual({ error: 'not_found' });
  }
});

test('no CORS: an Origin is not echoed and OPTIONS is no preflight', async () => {
  const origin = 'http://elsewhere.test';
  const res = await call(target.url, '/livez', { headers: { origin } });
  expect(res.headers['access-control-allow-origin']).toBeUndefined();
  const pre = await call(target.url, '/api/session', {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST' },
  });
  expect(pre.status).toBe(405);
  expect(pre.headers['access-control-allow-origin']).toBeUndefined();
});
