// WebSocket handshake of the default dialect: each auth carrier, the echoed subprotocol, 401s, the ready frame.
import { expect, test } from '@playwright/test';
import { startReferenceTarget, type RunningTarget } from '../server.ts';
import { ALICE, login, type LoggedIn } from './http-client.ts';
import { mintToken } from './tokens.ts';
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

test('Authorization header: accepted, connection_established is the first frame', async () => {
  const client = new FrameClient(wsUrl(target.url), [], {
    headers: { authorization: `Bearer ${alice.token}` },
  });
  const ready = await client.next('connection_established');
  expect(client.frames[0]).toBe(ready);
  expect(ready).toMatchObject({ user_id: alice.userId });
  expect(String(ready.connection_id)).not.toBe('');
  expect(Number.isNaN(Date.parse(String(ready.timestamp)))).toBe(false);
  expect(client.protocol).toBe('');
  await client.close();
});

test('subprotocols jwt-auth + jwt.<base64url>: accepted and exactly jwt-auth is echoed', async () => {
  const entry = `jwt.${base64url(alice.token)}`;
  const client = new FrameClient(wsUrl(target.url), ['jwt-auth', entry]);
  const ready = await client.next('connection_established');
  expect(client.protocol).toBe('jwt-auth');
  expect(ready.user_id).toBe(alice.userId);
  await client.close();
});

test('a raw jwt.<jwt> entry (not base64url) is accepted too', async () => {
  const client = new FrameClient(wsUrl(target.url), ['jwt-auth', `jwt.${alice.token}`]);
  await client.next('connection_established');
  expect(client.protocol).toBe('jwt-auth');
  await client.close();
});

test('the header wins over the subprotocol when both are sent', async () => {
  const client = new FrameClient(wsUrl(target.url), ['jwt-auth', 'jwt.bogus'], {
    headers: { authorization: `Bearer ${alice.token}` },
  });
  await client.next('connection_established');
  expect(client.protocol).toBe('jwt-auth');
  await client.close();
});

test('no token, a bad token, an expired token, a foreign signature: HTTP 401 at upgrade', async () => {
  const expired = await mintToken(target.settings.jwtSecret, { sub: alice.userId }, -30);
  const foreign = await mintToken('another-secret-entirely-123', { sub: alice.userId }, 600);
  const attempts: [string, string[], Record<string, string>][] = [
    ['none', [], {}],
    ['garbage header', [], { authorization: 'Bearer garbage' }],
    ['expired header', [], { authorization: `Bearer ${expired}` }],
    ['foreign subprotocol', ['jwt-auth', `jwt.${base64url(foreign)}`], {}],
    ['marker only', ['jwt-auth'], {}],
  ];
  for (const [name, protocols, headers] of attempts) {
    const client = new FrameClient(wsUrl(target.url), protocols, { headers });
    const { status, body } = await client.rejection();
    expect(status, name).toBe(401);
    expect(body, name).toMatch(/unauthorized/);
  }
});

test('an unknown WebSocket path answers 404', async () => {
  const client = new FrameClient(wsUrl(target.url, '/websocket'), [], {
    headers: { authorization: `Bearer ${alice.token}` },
  });
  expect((await client.rejection()).status).toBe(404);
});
