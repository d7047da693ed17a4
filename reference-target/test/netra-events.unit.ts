// netra-apex dialect, event side: the ready frame, pong, heartbeats, start_agent/user_message, event shapes, errors.
import { expect, test } from '@playwright/test';
import { startReferenceTarget, type RunningTarget } from '../server.ts';
import { ALICE, BOB, login, type LoggedIn } from './http-client.ts';
import { FrameClient, wsUrl, type Frame } from './ws-client.ts';

let target: RunningTarget;
let alice: LoggedIn;
let bob: LoggedIn;
test.beforeAll(async () => {
  target = await startReferenceTarget({
    port: 0,
    log: 'silent',
    dialect: 'netra-apex',
    phaseDelayMs: [5, 20],
    streamChunks: 3,
    heartbeatMs: 300,
  });
  alice = await login(target.url, ALICE);
  bob = await login(target.url, BOB);
});
test.afterAll(async () => {
  await target.close();
});
test.afterEach(() => target.setFaults(''));

async function connect(token: string): Promise<FrameClient> {
  const client = new FrameClient(wsUrl(target.url), [], { headers: { authorization: `Bearer ${token}` } });
  await client.next('connection_established');
  return client;
}

async function run(client: FrameClient, message: Record<string, unknown>): Promise<Frame[]> {
  const from = client.frames.length;
  client.send(message);
  const terminal = ['agent_completed', 'agent_error', 'error_message'];
  await client.until(
    (f) => f.slice(from).some((x) => terminal.includes(String(x.type))),
    `the end of ${String(message.type)}`,
  );
  return client.frames.slice(from).filter((f) => f.type !== 'heartbeat');
}

const startAgent = (text: string, threadId: string | null = null): Record<string, unknown> => ({
  type: 'start_agent',
  payload: { user_request: text, thread_id: threadId, context: {}, settings: {} },
});

test('connection_established: data envelope, truncated user id, epoch-seconds timestamp, null server/correlation ids', async () => {
  const client = await connect(alice.token);
  const ready = client.frames[0] ?? {};
  expect(ready.type).toBe('connection_established');
  expect(ready).toMatchObject({ server_id: null, correlation_id: null });
  expect(typeof ready.timestamp).toBe('number');
  expect(Math.abs(Number(ready.timestamp) - Date.now() / 1000)).toBeLessThan(5);
  expect(ready.data).toMatchObject({
    mode: 'main',
    user_id: `${alice.userId.slice(0, 8)}...`,
    golden_path_events: [
      'agent_started',
      'agent_thinking',
      'tool_executing',
      'tool_completed',
      'agent_completed',
    ],
  });
  const data = ready.data as Record<string, unknown>;
  expect(String(data.connection_id)).not.toBe('');
  expect(Number.isNaN(Date.parse(String(data.timestamp)))).toBe(false);
  expect(typeof data.features).toBe('object');
  await client.close();
});

test('ping → pong {data:{timestamp,user_id}, timestamp}; heartbeats come only while the client is quiet', async () => {
  const client = await connect(alice.token);
  client.send({ type: 'ping' });
  const pong = await client.next('pong');
  expect(pong.data).toMatchObject({ user_id: alice.userId });
  expect(typeof pong.timestamp).toBe('number');
  const beat = await client.next('heartbeat', 2000);
  expect(beat.data).toMatchObject({ stats: { messages_received: 1 } });
  expect(String((beat.data as Record<string, unknown>).connection_id)).toMatch(/^conn_/);
  expect(Object.keys(beat)).toEqual(['type', 'data']);
  // A chatty client keeps the server from sending heartbeats.
  const from = client.frames.length;
  for (let i = 0; i < 8; i++) {
    client.send({ type: 'pong' });
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(client.frames.slice(from).filter((f) => f.type === 'heartbeat')).toHaveLength(0);
  await client.close();
});

test('start_agent: thread_created, the critical events with data envelopes, progress_update pieces, the answer object', async () => {
  const client = await connect(alice.token);
  const question = 'What is Netra Apex?';
  const frames = await run(client, startAgent(question));
  const types = frames.map((f) => f.type);
  expect(types[0]).toBe('thread_created');
  expect(types.filter((t) => t !== 'thread_created' && t !== 'progress_update')).toEqual(
    expect.arrayContaining([
      'agent_started',
      'agent_thinking',
      'tool_executing',
      'tool_completed',
      'agent_completed',
    ]),
  );
  expect(types.filter((t) => t === 'progress_update')).toHaveLength(3);
  const events = frames.filter((f) => f.type !== 'thread_created');
  for (const f of events) {
    expect(f, String(f.type)).toMatchObject({
      run_id: expect.stringMatching(/^run_/),
      user_id: alice.userId,
      agent_name: 'golden_path_agent',
    });
    expect(Number.isNaN(Date.parse(String(f.timestamp)))).toBe(false);
    expect(f).not.toHaveProperty('event_id');
    expect(f).not.toHaveProperty('thread_id');
    expect(typeof f.data).toBe('object');
  }
  const byType = (t: string): Frame => events.find((f) => f.type === t) ?? {};
  expect((byType('agent_thinking').data as Record<string, unknown>).reasoning).toEqual(expect.any(String));
  expect(byType('tool_executing').tool_name).toBe('knowledge_search');
  expect(byType('tool_completed')).toMatchObject({ tool_name: 'knowledge_search', results: { count: 2 } });
  expect((byType('tool_completed').data as Record<string, unknown>).execution_time_ms).toEqual(
    expect.any(Number),
  );
  const completed = byType('agent_completed');
  expect(completed).not.toHaveProperty('duration_ms');
  const result = (completed.data as { result: { text: string; sources: unknown[] } }).result;
  expect(result.text).toContain(`"${question}"`);
  expect(Array.isArray(result.sources)).toBe(true);
  const streamed = events
    .filter((f) => f.type === 'progress_update')
    .map((f) => String((f.data as Record<string, unknown>).content))
    .join('');
  expect(streamed).toBe(result.text);
  await client.close();
});

test('user_message follow-ups reuse the announced thread; another user cannot use it', async () => {
  const client = await connect(alice.token);
  const first = await run(client, startAgent('first'));
  const threadId = String((first[0]?.data as Record<string, unknown>).thread_id);
  expect(threadId).toMatch(/^thr_/);
  const follow = await run(client, {
    type: 'user_message',
    payload: { content: 'second', references: [], thread_id: threadId },
  });
  expect(follow.map((f) => f.type)).not.toContain('thread_created');
  expect(follow.at(-1)?.type).toBe('agent_completed');
  const intruder = await connect(bob.token);
  const denied = await run(intruder, {
    type: 'user_message',
    payload: { content: 'mine now', references: [], thread_id: threadId },
  });
  expect(denied.map((f) => f.type)).toEqual(['error_message']);
  expect(denied[0]?.error_code).toBe('THREAD_NOT_FOUND');
  await Promise.all([client.close(), intruder.close()]);
});

test('bad input gets error_message frames with stable codes', async () => {
  const client = await connect(alice.token);
  for (const [raw, code] of [
    ['nope{', 'INVALID_JSON'],
    ['{"type":"launch"}', 'UNKNOWN_MESSAGE_TYPE'],
    ['{"type":"start_agent","payload":{"user_request":""}}', 'EMPTY_MESSAGE'],
    ['{"type":"user_message","payload":{}}', 'INVALID_MESSAGE'],
  ] as const) {
    const from = client.frames.length;
    client.send(raw);
    expect((await client.next('error_message', 5000, from)).error_code, raw).toBe(code);
  }
  await client.close();
});

test('event faults apply in this dialect too: drop-event, wrong-user-answer', async () => {
  target.setFaults('drop-event:agent_thinking,wrong-user-answer');
  const client = await connect(alice.token);
  const frames = await run(client, startAgent('faulty'));
  expect(frames.map((f) => f.type)).not.toContain('agent_thinking');
  expect(frames.at(-1)).toMatchObject({ type: 'agent_completed', user_id: bob.userId });
  await client.close();
});
