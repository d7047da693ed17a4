// Bad client input never crashes the server: malformed JSON, unknown types, empty content, oversized frames.
import { expect, test } from '@playwright/test';
import { startReferenceTarget, type RunningTarget } from '../server.ts';
import { ALICE, call, login, type LoggedIn } from './http-client.ts';
import { ask, connectWithHeader } from './ws-client.ts';

let target: RunningTarget;
let alice: LoggedIn;
test.beforeAll(async () => {
  target = await startReferenceTarget({ port: 0, log: 'silent', phaseDelayMs: [5, 20], maxFrameBytes: 4096 });
  alice = await login(target.url, ALICE);
});
test.afterAll(async () => {
  await target.close();
});

test('malformed JSON, non-objects, unknown types and empty content get error frames; the socket stays usable', async () => {
  const client = await connectWithHeader(target.url, alice.token);
  const cases: [string, string][] = [
    ['{not json', 'invalid_json'],
    ['[1,2,3]', 'invalid_message'],
    ['"just a string"', 'invalid_message'],
    ['{"payload":{}}', 'invalid_message'],
    ['{"type":"launch_missiles"}', 'unknown_message_type'],
    ['{"type":"user_message"}', 'invalid_message'],
    ['{"type":"user_message","payload":{"content":42}}', 'invalid_message'],
    ['{"type":"user_message","payload":{"content":"   "}}', 'empty_content'],
    ['{"type":"user_message","payload":{"content":"hi","thread_id":7}}', 'invalid_message'],
  ];
  for (const [raw, code] of cases) {
    const from = client.frames.length;
    client.send(raw);
    const error = await client.next('error', 5000, from);
    expect(error.code, raw).toBe(code);
    expect(typeof error.message).toBe('string');
  }
  const from = client.frames.length;
  client.ws.send(Buffer.from([0xff, 0x00, 0x12]), { binary: true });
  expect((await client.next('error', 5000, from)).code).toBe('invalid_json');
  const frames = await ask(client, 'still alive?');
  expect(frames.at(-1)?.type).toBe('agent_completed');
  await client.close();
});

test('a frame over the size limit closes with 1009 and the server carries on', async () => {
  const client = await connectWithHeader(target.url, alice.token);
  client.send({ type: 'user_message', payload: { content: 'x'.repeat(10_000) } });
  const closed = await client.closed;
  expect(closed.code).toBe(1009);
  expect((await call(target.url, '/health')).status).toBe(200);
  const next = await connectWithHeader(target.url, alice.token);
  expect((await ask(next, 'after the big one')).at(-1)?.type).toBe('agent_completed');
  await next.close();
});

test('a client that disconnects mid-run does not disturb the server', async () => {
  const client = await connectWithHeader(target.url, alice.token);
  client.send({ type: 'user_message', payload: { content: 'leaving early' } });
  await client.next('agent_started');
  client.ws.terminate();
  await new Promise((r) => setTimeout(r, 200));
  const ws = await call(target.url, '/ws/health');
  expect(ws.json).toEqual({ status: 'healthy', active_connections: 0 });
});
