// Fail fast: once the socket closes, every pending or later wait of the WebSocket client fails at once, naming the
// close code and reason, instead of running out its timeout (F14 is a hang, a close is not).
import { performance } from 'node:perf_hooks';
import { expect, test } from '@playwright/test';
import { at, json, ScriptedTarget } from '../testing/scripted-target.ts';
import { configFor } from '../testing/test-profile.ts';
import { GoldenPathClient } from './golden-path-client.ts';
import { pingPong } from './keep-alive.ts';

const LONG_MS = 45_000;
let target: ScriptedTarget;
let client: GoldenPathClient;

test.beforeEach(async () => {
  target = await ScriptedTarget.start();
  target.routes['POST /v2/session'] = json(200, { jwt: 'fail-fast-token' });
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

test('a server that closes mid-wait fails the wait in under 1 s with its code and reason', async () => {
  // The question is received, never answered: the socket is closed 100 ms later.
  target.onMessage = (socket) => setTimeout(() => socket.close(4001, 'going away mid-run'), 100);
  const s = await session();
  const started = performance.now();
  const run = await s.ask('hello?', { timeoutMs: LONG_MS });
  expect(performance.now() - started).toBeLessThan(1000);
  expect(run.error?.code).toBe('WS_CLOSED_MID_RUN');
  expect(run.error?.message).toContain('4001 "going away mid-run"');
});

test('a wait that starts after the close fails at once, not at its deadline', async () => {
  const s = await session();
  target.sockets[0]?.close(4002, 'closed before the question');
  await expect.poll(() => s.connection.closeInfo?.code).toBe(4002);
  const started = performance.now();
  const run = await s.ask('anyone there?', { timeoutMs: LONG_MS });
  expect(performance.now() - started).toBeLessThan(1000);
  expect(run.error?.message).toContain('4002 "closed before the question"');
  const ping = pingPong(s.connection, LONG_MS);
  await expect(ping).rejects.toMatchObject({ code: 'WS_CLOSED' });
  await expect(ping).rejects.toThrow(/4002 "closed before the question"/);
  expect(performance.now() - started).toBeLessThan(1000);
});
