// lumen dialect, socket side: cookie-only auth on /live/{userId} (401/403/101), never a subprotocol, the hello frame,
// and the server's nonce pings — answered they keep the socket open, unanswered they close it 4408.
import { expect, test } from '@playwright/test';
import { rawUpgrade } from './raw-upgrade.ts';
import { FrameClient } from './ws-client.ts';
import { answerPings, hello, liveUrl, lumenSocket, useLumenTarget } from './lumen-client.ts';

const HEARTBEAT_MS = 200;
const world = useLumenTarget({ heartbeatMs: HEARTBEAT_MS });

const upgrade = (path: string, headers: Record<string, string>): ReturnType<typeof rawUpgrade> =>
  rawUpgrade(world.target.url, path, headers);

test('the upgrade: no or unknown cookie → 401, another user id in the path → 403, own id → 101', async () => {
  const path = `/live/${world.alice.userId}`;
  expect((await upgrade(path, {})).status).toBe(401);
  expect((await upgrade(path, { cookie: `lumen_sid=${'f'.repeat(32)}` })).status).toBe(401);
  // The session id anywhere but in the cookie is no credential.
  expect((await upgrade(path, { authorization: `Bearer ${world.alice.sessionId}` })).status).toBe(401);
  expect((await upgrade(`${path}?token=${world.alice.sessionId}`, {})).status).toBe(401);
  expect((await upgrade(path, { cookie: world.bob.cookie })).status).toBe(403);
  expect((await upgrade(`/live/usr_nobody`, { cookie: world.alice.cookie })).status).toBe(403);
  expect((await upgrade(path, { cookie: world.alice.cookie })).status).toBe(101);
});

test('only /live/{userId} is a socket endpoint', async () => {
  for (const path of ['/ws', '/live', '/live/', `/live/${world.alice.userId}/x`]) {
    expect((await upgrade(path, { cookie: world.alice.cookie })).status, path).toBe(404);
  }
});

test('offered subprotocols are never echoed', async () => {
  const handshake = await upgrade(`/live/${world.alice.userId}`, {
    cookie: world.alice.cookie,
    'sec-websocket-protocol': 'jwt-auth, lumen.v1',
  });
  expect(handshake.status).toBe(101);
  expect(handshake.headers['sec-websocket-protocol']).toBeUndefined();
  const client = lumenSocket(world.target.url, world.alice);
  await client.opened();
  expect(client.protocol).toBe('');
  await client.close();
});

test('the first frame is exactly {"op":"hello","session":{"user":<id>}}', async () => {
  const client = lumenSocket(world.target.url, world.alice);
  await hello(client);
  expect(client.frames[0]).toEqual({ op: 'hello', session: { user: world.alice.userId } });
  await client.close();
});

test('server pings carry an 8-hex nonce; a client that echoes it stays open ping after ping', async () => {
  const client = lumenSocket(world.target.url, world.alice);
  await client.until((f) => f.filter((x) => x.op === 'ping').length >= 5, 'five server pings');
  const pings = client.frames.filter((x) => x.op === 'ping');
  for (const ping of pings)
    expect(ping).toEqual({ op: 'ping', nonce: expect.stringMatching(/^[0-9a-f]{8}$/) });
  expect(new Set(pings.map((p) => p.nonce)).size).toBe(pings.length);
  expect(client.ws.readyState).toBe(client.ws.OPEN);
  await client.close();
});

test('a silent client is closed 4408 "keepalive timeout" after two unanswered pings', async () => {
  const client = lumenSocket(world.target.url, world.alice, { answerPings: false });
  expect(await client.closed).toEqual({ code: 4408, reason: 'keepalive timeout' });
  expect(client.frames.filter((x) => x.op === 'ping')).toHaveLength(2);
});

test('a client that only sends its own pings gets pongs, and is still closed 4408', async () => {
  const client = lumenSocket(world.target.url, world.alice, { answerPings: false });
  await hello(client);
  const timer = setInterval(() => client.send({ op: 'ping' }), HEARTBEAT_MS / 3);
  try {
    expect(await client.closed).toEqual({ code: 4408, reason: 'keepalive timeout' });
  } finally {
    clearInterval(timer);
  }
  expect(client.frames.filter((x) => x.op === 'pong').length).toBeGreaterThan(0);
  expect(client.frames.filter((x) => x.op === 'pong')[0]).toEqual({ op: 'pong' });
});

test('a pong without the nonce, or with another one, does not count', async () => {
  for (const pong of [{ op: 'pong' }, { op: 'pong', nonce: '00000000' }]) {
    const client = new FrameClient(liveUrl(world.target.url, world.alice.userId), [], {
      headers: { cookie: world.alice.cookie },
    });
    client.ws.on('message', (data) => {
      if ((JSON.parse((data as Buffer).toString('utf8')) as { op?: unknown }).op === 'ping')
        client.send(pong);
    });
    expect(await client.closed, JSON.stringify(pong)).toEqual({ code: 4408, reason: 'keepalive timeout' });
  }
  // The helper that echoes the nonce is what keeps a socket open (the control case).
  const good = new FrameClient(liveUrl(world.target.url, world.alice.userId), [], {
    headers: { cookie: world.alice.cookie },
  });
  answerPings(good);
  await good.until((f) => f.filter((x) => x.op === 'ping').length >= 4, 'four server pings');
  expect(good.ws.readyState).toBe(good.ws.OPEN);
  await good.close();
});
