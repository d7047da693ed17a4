// The truly idle check: who ended a silent connection (no close frame vs the server's close frame), and that a
// silent hold sends nothing at all.
import { expect, test } from '@playwright/test';
import { findingOfError } from '../diagnosis/index.ts';
import { at, json, ScriptedTarget } from '../testing/scripted-target.ts';
import { configFor } from '../testing/test-profile.ts';
import { GoldenPathClient } from './golden-path-client.ts';
import { controlPing, holdSilent } from './idle-check.ts';

// A think time far longer than the test may take: a hold that ran it out fails the test by its timeout.
const LONG_MS = 45_000;
test.describe.configure({ timeout: 15_000 });
let target: ScriptedTarget;
let client: GoldenPathClient;

test.beforeEach(async () => {
  target = await ScriptedTarget.start();
  target.routes['POST /v2/session'] = json(200, { jwt: 'idle-check-token' });
  target.routes['GET /v2/whoami'] = json(200, { uid: 'u-1' });
  target.onConnection = (socket) =>
    socket.send(JSON.stringify(at({ op: 'hello', 'conn.id': 'c-1', 'conn.user': 'u-1' })));
});
test.afterEach(async () => {
  await client.closeAll();
  await target.close();
});

async function session() {
  const config = await configFor(target.url);
  client = new GoldenPathClient(config);
  const { token } = await client.auth.acquireToken(config.users[0]);
  return client.connect(token);
}

test('a TCP close without a close frame is an idle drop (F23), its idle time measured', async () => {
  const s = await session();
  setTimeout(() => target.sockets[0]?.terminate(), 300);
  const error: unknown = await holdSilent(s.connection, LONG_MS).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'WS_IDLE_DROPPED', evidence: { close: { code: 1006 } } });
  expect(findingOfError(error)?.class).toBe('F23');
  expect(findingOfError(error)?.code).toBe('ws.idle.dropped');
  expect(error).toHaveProperty('evidence.idleMs');
});

test("the server's close frame is told apart: its code and reason named", async () => {
  const s = await session();
  setTimeout(() => target.sockets[0]?.close(4000, 'idle session'), 300);
  const error: unknown = await holdSilent(s.connection, LONG_MS).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'WS_IDLE_CLOSED' });
  expect(findingOfError(error)?.class).toBe('F23');
  expect(findingOfError(error)?.code).toBe('ws.idle.closed.4000');
  expect(findingOfError(error)?.summary).toContain('4000 "idle session"');
});

test('a silent hold sends nothing: no message, no ping, no pong reaches the server', async () => {
  const s = await session();
  const seen: string[] = [];
  const socket = target.sockets[0];
  socket?.on('message', () => seen.push('message'));
  socket?.on('ping', () => seen.push('ping'));
  socket?.on('pong', () => seen.push('pong'));
  const hold = await holdSilent(s.connection, 500);
  expect(hold.serverFrames).toBe(0);
  expect(seen).toEqual([]);
});

test('a control-frame ping is answered by the pong the server sends', async () => {
  const s = await session();
  const rtt = await controlPing(s.connection, LONG_MS);
  expect(rtt).toBeGreaterThanOrEqual(0);
});
