// Fail fast: once the socket closes, every pending or later wait of the WebSocket client fails at once, naming the
// close code and reason, instead of running out its timeout (F14 is a hang, a close is not).
import { expect, test } from '@playwright/test';
import { ScriptedChat } from '../testing/scripted-chat.ts';
import { pingPong } from './keep-alive.ts';

// Waits far longer than the test may take: a wait that ran to its deadline fails the test by its timeout, and
// its error would be a timeout, not the close. No wall-clock figure is asserted (timing belongs to benchmarks).
const LONG_MS = 45_000;
test.describe.configure({ timeout: 15_000 });
let chat: ScriptedChat;

test.beforeEach(async () => {
  chat = await ScriptedChat.start('fail-fast-token');
});
test.afterEach(() => chat.close());

const session = () => chat.session();

test('a server that closes mid-wait fails the wait with its code and reason, not at the deadline', async () => {
  // The question is received, never answered: the socket is closed 100 ms later.
  chat.target.onMessage = (socket) => setTimeout(() => socket.close(4001, 'going away mid-run'), 100);
  const s = await session();
  const run = await s.ask('hello?', { timeoutMs: LONG_MS });
  expect(run.error?.code).toBe('WS_CLOSED_MID_RUN');
  expect(run.error?.message).toContain('4001 "going away mid-run"');
});

test('a wait that starts after the close fails at once, not at its deadline', async () => {
  const s = await session();
  chat.target.sockets[0]?.close(4002, 'closed before the question');
  await expect.poll(() => s.connection.closeInfo?.code).toBe(4002);
  const run = await s.ask('anyone there?', { timeoutMs: LONG_MS });
  expect(run.error?.code).toBe('WS_CLOSED_MID_RUN');
  expect(run.error?.message).toContain('4002 "closed before the question"');
  const ping = pingPong(s.connection, LONG_MS);
  await expect(ping).rejects.toMatchObject({ code: 'WS_CLOSED' });
  await expect(ping).rejects.toThrow(/4002 "closed before the question"/);
});
