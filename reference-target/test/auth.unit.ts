// Auth endpoints of the default dialect: login bodies, /auth/me, CORS preflight.
import { expect, test } from '@playwright/test';
import { startReferenceTarget, type RunningTarget } from '../server.ts';
import { userIdFor } from '../auth/user-store.ts';
import { ALICE, BOB, bearer, call, login } from './http-client.ts';
import { mintToken } from './tokens.ts';

let target: RunningTarget;
test.beforeAll(async () => {
  target = await startReferenceTarget({ port: 0, log: 'silent', phaseDelayMs: [5, 20] });
});
test.afterAll(async () => {
  await target.close();
});

test('login answers 200 with a bearer token and the user', async () => {
  const res = await call(target.url, '/auth/login', { body: ALICE });
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({
    token_type: 'Bearer',
    expires_in: 3600,
    user: { id: userIdFor(ALICE.email), email: ALICE.email },
  });
  const token = String(res.json.access_token);
  expect(token.split('.')).toHaveLength(3);
  const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as {
    alg: string;
  };
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<
    string,
    unknown
  >;
  expect(header.alg).toBe('HS256');
  expect(claims).toMatchObject({ sub: userIdFor(ALICE.email), email: ALICE.email });
  expect(typeof claims.iat).toBe('number');
  expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
});

test('user ids are stable and distinct per user', async () => {
  const a = await login(target.url, ALICE);
  const b = await login(target.url, BOB);
  expect(a.userId).toMatch(/^usr_[0-9a-f]{16}$/);
  expect(a.userId).not.toBe(b.userId);
  expect((await login(target.url, ALICE)).userId).toBe(a.userId);
});

test('bad credentials answer 401 invalid_credentials', async () => {
  for (const body of [
    { ...ALICE, password: 'wrong' },
    { email: 'nobody@golden-path.test', password: 'x' },
  ]) {
    const res = await call(target.url, '/auth/login', { body });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: 'invalid_credentials' });
    expect(res.text).not.toContain('wrong');
  }
});

test('malformed bodies answer 400 invalid_request with a detail', async () => {
  const cases = [
    { raw: '{"email":' },
    { body: { email: ALICE.email } },
    { body: { email: 1, password: 2 } },
    { body: [] },
  ];
  for (const init of cases) {
    const res = await call(target.url, '/auth/login', { method: 'POST', ...init });
    expect(res.status).toBe(400);
    expect(res.json.error).toBe('invalid_request');
    expect(typeof res.json.detail).toBe('string');
  }
});

test('/auth/me returns the user for a valid token and 401 otherwise', async () => {
  const { token, userId } = await login(target.url, BOB);
  const me = await call(target.url, '/auth/me', { headers: bearer(token) });
  expect(me.status).toBe(200);
  expect(me.json).toEqual({ id: userId, email: BOB.email });

  const expired = await mintToken(target.settings.jwtSecret, { sub: userId }, -60);
  const foreign = await mintToken('a-completely-different-secret', { sub: userId }, 600);
  for (const headers of [
    {},
    bearer('not-a-jwt'),
    bearer(expired),
    bearer(foreign),
    { authorization: token },
  ]) {
    const res = await call(target.url, '/auth/me', { headers });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: 'invalid_token' });
  }
});

test('a token minted with the shared secret and sub/email/exp is accepted', async () => {
  const minted = await mintToken(
    target.settings.jwtSecret,
    { sub: userIdFor(ALICE.email), email: ALICE.email },
    600,
  );
  const me = await call(target.url, '/auth/me', { headers: bearer(minted) });
  expect(me.status).toBe(200);
  const refresh = await mintToken(
    target.settings.jwtSecret,
    { sub: userIdFor(ALICE.email), typ: 'refresh' },
    600,
  );
  expect((await call(target.url, '/auth/me', { headers: bearer(refresh) })).status).toBe(401);
});

test('CORS preflight echoes the origin and allows Authorization', async () => {
  for (const path of ['/auth/login', '/auth/me', '/health']) {
    const res = await call(target.url, path, {
      method: 'OPTIONS',
      headers: { origin: 'http://web.example:3000', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('http://web.example:3000');
    expect(String(res.headers['access-control-allow-headers'])).toContain('Authorization');
    expect(String(res.headers['access-control-allow-methods'])).toContain('POST');
  }
  const real = await call(target.url, '/auth/login', {
    body: ALICE,
    headers: { origin: 'http://web.example:3000' },
  });
  expect(real.headers['access-control-allow-origin']).toBe('http://web.example:3000');
});

test('unknown paths answer 404 and wrong methods 405', async () => {
  expect((await call(target.url, '/nope')).status).toBe(404);
  expect((await call(target.url, '/auth/login')).status).toBe(405);
});
