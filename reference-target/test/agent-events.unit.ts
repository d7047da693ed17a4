// Agent runs in the default dialect: event order and fields, streaming, the answer, threads, isolation, ping.
import { expect, test } from '@playwright/test';
import { startReferenceTarget, type RunningTarget } from '../server.ts';
import { ALICE, BOB, login, type LoggedIn } from './http-client.ts';
import { ask, connectWithHeader, type Frame } from './ws-client.ts';

const CRITICAL = ['agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed'];
const COMMON_FIELDS = ['type', 'event_id', 'timestamp', 'user_id', 'thread_id', 'run_id', 'agent_name'];

let target: RunningTarget;
let alice: LoggedIn;
let bob: LoggedIn;
test.beforeAll(async () => {
  target = await startReferenceTarget({ port: 0, log: 'silent', phaseDelayMs: [5, 20], streamChunks: 4 });
  alice = await login(target.url, ALICE);
  bob = await login(target.url, BOB);
});
test.afterAll(async () => {
  await target.close();
});

const types = (frames: Frame[]): string[] => frames.map((f) => String(f.type));

test('a question produces the five critical events in order, then stream chunks and agent_completed', async () => {
  const client = await connectWithHeader(target.url, alice.token);
  const frames = await ask(client, 'What is the golden path?');
  const seen = types(frames);
  const critical = seen.filter((t) => CRITICAL.includes(t));
  expect(critical[0]).toBe('agent_started');
  expect(critical.slice(-3)).toEqual(['tool_executing', 'tool_completed', 'agent_completed']);
  expect(critical.filter((t) => t === 'agent_thinking').length).toBeGreaterThanOrEqual(1);
  expect(seen.filter((t) => t === 'stream_chunk')).toHaveLength(4);
  expect(seen.indexOf('stream_chunk')).toBeGreaterThan(seen.indexOf('tool_completed'));
  expect(seen.at(-1)).toBe('agent_completed');
  await client.close();
});

test('every agent event carries the required fields with one run, thread and user', async () => {
  const client = await connectWithHeader(target.url, alice.token);
  const frames = await ask(client, 'Check the fields');
  for (const f of frames) {
    for (const field of COMMON_FIELDS) expect(f[field], `${String(f.type)}.${field}`).toBeTruthy();
    expect(f.user_id).toBe(alice.userId);
    expect(Number.isNaN(Date.parse(String(f.timestamp)))).toBe(false);
  }
  expect(new Set(frames.map((f) => f.run_id)).size).toBe(1);
  expect(new Set(frames.map((f) => f.thread_id)).size).toBe(1);
  expect(new Set(frames.map((f) => f.event_id)).size).toBe(frames.length);
  const byType = (t: string): Frame => frames.find((f) => f.type === t) ?? {};
  expect(byType('tool_executing').tool_name).toBe('knowledge_search');
  expect(byType('tool_completed')).toMatchObject({ tool_name: 'knowledge_search', results: { count: 2 } });
  expect(typeof byType('agent_completed').duration_ms).toBe('number');
  await client.close();
});

test('the answer quotes the question verbatim and the chunks spell it out', async () => {
  const client = await connectWithHeader(target.url, alice.token);
  const question = 'Does "quoting" work — with ünïcödé and emoji 🚀?';
  const frames = await ask(client, question);
  const completed = frames.find((f) => f.type === 'agent_completed') ?? {};
  const answer = String(completed.final_response);
  expect(answer).toContain(`"${question}"`);
  const streamed = frames
    .filter((f) => f.type === 'stream_chunk')
    .map((f) => String(f.content))
    .join('');
  expect(streamed).toBe(answer);
  const again = await ask(client, question);
  expect(again.find((f) => f.type === 'agent_completed')?.final_response).toBe(answer);
  await client.close();
});

test('a thread id is created when absent and reused when sent', async () => {
  const client = await connectWithHeader(target.url, alice.token);
  const first = await ask(client, 'first question');
  const threadId = String(first[0]?.thread_id);
  expect(threadId).toMatch(/^thr_/);
  const second = await ask(client, 'follow-up question', threadId);
  expect(second.every((f) => f.thread_id === threadId)).toBe(true);
  expect(second[0]?.run_id).not.toBe(first[0]?.run_id);
  const fresh = await ask(client, 'new conversation');
  expect(fresh[0]?.thread_id).not.toBe(threadId);
  await client.close();
});

test("another user's thread id is refused with thread_not_found and leaks nothing", async () => {
  const aliceClient = await connectWithHeader(target.url, alice.token);
  const aliceThread = String((await ask(aliceClient, 'alice private'))[0]?.thread_id);
  const bobClient = await connectWithHeader(target.url, bob.token);
  const frames = await ask(bobClient, 'let me in', aliceThread);
  expect(types(frames)).toEqual(['error']);
  expect(frames[0]).toMatchObject({ code: 'thread_not_found', user_id: bob.userId });
  await Promise.all([aliceClient.close(), bobClient.close()]);
});

test('isolation: concurrent users only receive their own events', async () => {
  const a = await connectWithHeader(target.url, alice.token);
  const b = await connectWithHeader(target.url, bob.token);
  const [fa, fb] = await Promise.all([ask(a, 'alice asks'), ask(b, 'bob asks')]);
  expect(a.frames.every((f) => f.type === 'connection_established' || f.user_id === alice.userId)).toBe(true);
  expect(b.frames.every((f) => f.type === 'connection_established' || f.user_id === bob.userId)).toBe(true);
  expect(String(fa.at(-1)?.final_response)).toContain('alice asks');
  expect(String(fb.at(-1)?.final_response)).toContain('bob asks');
  await Promise.all([a.close(), b.close()]);
});

test("two connections of one user each get only their own runs' events", async () => {
  const one = await connectWithHeader(target.url, alice.token);
  const two = await connectWithHeader(target.url, alice.token);
  const framesOne = await ask(one, 'only on connection one');
  await new Promise((r) => setTimeout(r, 100));
  expect(two.types()).toEqual(['connection_established']);
  expect(framesOne.at(-1)?.type).toBe('agent_completed');
  await Promise.all([one.close(), two.close()]);
});

test('ping is answered with pong and a timestamp', async () => {
  const client = await connectWithHeader(target.url, alice.token);
  client.send({ type: 'ping' });
  const pong = await client.next('pong');
  expect(Number.isNaN(Date.parse(String(pong.timestamp)))).toBe(false);
  await client.close();
});

test('phase delays are seeded: the same question gets the same delays on a fresh target', async () => {
  const gaps = async (): Promise<number[]> => {
    const t = await startReferenceTarget({
      port: 0,
      log: 'silent',
      phaseDelayMs: [50, 400],
      streamChunks: 0,
      seed: 7,
    });
    const u = await login(t.url, ALICE);
    const c = await connectWithHeader(t.url, u.token);
    const frames = await ask(c, 'reproducible?');
    const times = frames.map((f) => Date.parse(String(f.timestamp)));
    await c.close();
    await t.close();
    return times.slice(1).map((ts, i) => ts - (times[i] ?? ts));
  };
  const [first, second] = [await gaps(), await gaps()];
  expect(first).toHaveLength(second.length);
  first.forEach((g, i) => expect(Math.abs(g - (second[i] ?? 0))).toBeLessThan(60));
});
