// The truly idle check: who ended a silent connection (no close frame vs the server's close frame), and that a
// silent hold sends nothing at all.
import { expect, test } from '@playwright/test';
import { findingOfError } from '../diagnosis/index.ts';
import { ScriptedChat } from '../testing/scripted-chat.ts';
import { controlPing, holdSilent } from './idle-check.ts';

// A think time far longer than the test may take: a hold that ran it out fails the test by its timeout.
const LONG_MS = 45_000;
test.describe.configure({ timeout: 15_000 });
let chat: ScriptedChat;

test.beforeEach(async () => {
  chat = await ScriptedChat.start('idle-check-token');
});
test.afterEach(() => chat.close());

const session = () => chat.session();

test('a TCP close without a close frame is an idle drop (F23), its idle time measured', async () => {
  const s = await session();
  setTimeout(() => chat.target.sockets[0]?.terminate(), 300);
  const error: unknown = await holdSilent(s.connection, LONG_MS).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'WS_IDLE_DROPPED', evidence: { close: { code: 1006 } } });
  expect(findingOfError(error)?.class).toBe('F23');
  expect(findingOfError(error)?.code).toBe('ws.idle.dropped');
  expect(error).toHaveProperty('evidence.idleMs');
});

test("the server's close frame is told apart: its code and reason named", async () => {
  const s = await session();
  setTimeout(() => chat.target.sockets[0]?.close(4000, 'idle session'), 300);
  const error: unknown = await holdSilent(s.connection, LONG_MS).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'WS_IDLE_CLOSED' });
  expect(findingOfError(error)?.class).toBe('F23');
  expect(findingOfError(error)?.code).toBe('ws.idle.closed.4000');
  expect(findingOfError(error)?.summary).toContain('4000 "idle session"');
});

test('a silent hold sends nothing: no message, no ping, no pong reaches the server', async () => {
  const s = await session();
  const seen: string[] = [];
  const socket = chat.target.sockets[0];
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
