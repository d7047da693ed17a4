// netra-apex dialect, auth side: login/me bodies, 422s, tickets, every WebSocket carrier, the echo, 1008 rejections.
import { expect, test } from '@playwright/test';
import { startReferenceTarget, type RunningTarget } from '../server.ts';
import { ALICE, bearer, call, login, type LoggedIn } from './http-client.ts';
import { rawUpgrade } from './raw-upgrade.ts';
import { mintToken } from './tokens.ts';
import { FrameClient, base64url, wsUrl } from './ws-client.ts';

let target: RunningTarget;
let alice: LoggedIn;
test.beforeAll(async () => {
  target = await startReferenceTarget({
    port: 0,
    log: 'silent',
    dialect: 'netra-apex',
    phaseDelayMs: [5, 20],
  });
  alice = await login(target.url, ALICE);
});
test.afterAll(async () => {
  await target.close();
});
test.afterEach(() => target.setFaults(''));

test('login returns access and refresh tokens; bad credentials 401 {"detail":"Invalid credentials"}', async () => {
  const ok = await call(target.url, '/auth/login', { body: ALICE });
  expect(ok.status).toBe(200);
  expect(Object.keys(ok.json).sort()).toEqual([
    'access_token',
    'expires_in',
    'refresh_token',
    'token_type',
    'user',
  ]);
  expect(ok.json.user).toEqual({ id: alice.userId, email: ALICE.email });
  const bad = await call(target.url, '/auth/login', { body: { ...ALICE, password: 'nope' } });
  expect(bad.status).toBe(401);
  expect(bad.json).toEqual({ detail: 'Invalid credentials' });
});

test('a missing field or malformed JSON answers 422 with FastAPI detail entries', async () => {
  const missing = await call(target.url, '/auth/login', { body: { email: ALICE.email } });
  expect(missing.status).toBe(422);
  expect(missing.json).toEqual({
    detail: [{ type: 'missing', loc: ['body', 'password'], msg: 'Field required' }],
  });
  const malformed = await call(target.url, '/auth/login', { raw: '{"email"' });
  expect(malformed.status).toBe(422);
});

test('/auth/me answers {user_id, email, ...}; a refresh token is not an access token', async () => {
  const me = await call(target.url, '/auth/me', { headers: bearer(alice.token) });
  expect(me.json).toMatchObject({ user_id: alice.userId, email: ALICE.email });
  const refresh = String((await call(target.url, '/auth/login', { body: ALICE })).json.refresh_token);
  expect((await call(target.url, '/auth/me', { headers: bearer(refresh) })).status).toBe(401);
});

test('header, subprotocol (base64url and raw) and ?token= carriers are accepted', async () => {
  const variants: [string, string, string[], Record<string, string>][] = [
    ['header', '', [], { authorization: `Bearer ${alice.token}` }],
    ['subprotocol b64', '', ['jwt-auth', `jwt.${base64url(alice.token)}`], {}],
    ['subprotocol raw', '', [`jwt.${alice.token}`], {}],
    ['query', `?token=${alice.token}`, [], {}],
  ];
  for (const [name, query, protocols, headers] of variants) {
    const client = new FrameClient(`${wsUrl(target.url)}${query}`, protocols, { headers });
    const ready = await client.next('connection_established');
    expect((ready.data as { user_id: string }).user_id, name).toBe(`${alice.userId.slice(0, 8)}...`);
    await client.close();
  }
});

test('the echoed subprotocol is the token-bearing entry itself', async () => {
  const entry = `jwt.${base64url(alice.token)}`;
  const client = new FrameClient(wsUrl(target.url), ['jwt-auth', entry]);
  await client.next('connection_established');
  expect(client.protocol).toBe(entry);
  await client.close();
});

test('tickets: POST /api/websocket/ticket, then /ws?ticket=<id> works exactly once', async () => {
  expect((await call(target.url, '/api/websocket/ticket', { method: 'POST' })).status).toBe(401);
  const res = await call(target.url, '/api/websocket/ticket', {
    method: 'POST',
    headers: bearer(alice.token),
  });
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ single_use: true, ttl_seconds: 30 });
  expect(Date.parse(String(res.json.expires_at))).toBeGreaterThan(Date.now());
  const ticketUrl = String(res.json.websocket_url);
  expect(ticketUrl).toBe(`${wsUrl(target.url)}?ticket=${String(res.json.ticket_id)}`);
  const first = new FrameClient(ticketUrl);
  await first.next('connection_established');
  await first.close();
  const second = new FrameClient(ticketUrl);
  const error = await second.next('error_message');
  expect(error.error_code).toBe('AUTH_FAILED');
  expect((await second.closed).code).toBe(1008);
});

test('bad auth is accepted, then error_message AUTH_FAILED, then close 1008 "Authentication failed" — never HTTP 401', async () => {
  const expired = await mintToken(target.settings.jwtSecret, { sub: alice.userId }, -5);
  const attempts: [string, string[], Record<string, string>][] = [
    ['', [], {}],
    ['', [], { authorization: 'Bearer nonsense' }],
    [`?token=${expired}`, [], {}],
    ['', ['jwt-auth', `jwt.${base64url('not.a.jwt')}`], {}],
  ];
  for (const [query, protocols, headers] of attempts) {
    const client = new FrameClient(`${wsUrl(target.url)}${query}`, protocols, { headers });
    await client.opened();
    const error = await client.next('error_message');
    expect(error).toMatchObject({ type: 'error_message', error_code: 'AUTH_FAILED' });
    expect(typeof error.message).toBe('string');
    expect(await client.closed).toEqual({ code: 1008, reason: 'Authentication failed' });
    expect(client.types()).toEqual(['error_message']);
  }
});

test('faults keep the dialect: strip-subprotocol answers 101 with no echo; auth-down closes 1011; bypass is demo mode', async () => {
  target.setFaults('strip-subprotocol');
  // The backend saw no token: it accepts (its rejection shape) without echoing, so clients fail the handshake.
  const stripped = await rawUpgrade(target.url, '/ws', {
    'sec-websocket-protocol': `jwt.${base64url(alice.token)}`,
  });
  expect(stripped.status).toBe(101);
  expect(stripped.headers['sec-websocket-protocol']).toBeUndefined();
  target.setFaults('auth-down');
  expect((await call(target.url, '/auth/login', { body: ALICE })).json).toEqual({
    detail: 'Auth service unavailable',
  });
  const down = new FrameClient(wsUrl(target.url), [], {
    headers: { authorization: `Bearer ${alice.token}` },
  });
  expect((await down.closed).code).toBe(1011);
  target.setFaults('auth-bypass');
  const demo = new FrameClient(wsUrl(target.url));
  const ready = await demo.next('connection_established');
  expect(ready.data).toMatchObject({ user_id: 'demo-use...', features: { demo_mode: true } });
  await demo.close();
});
