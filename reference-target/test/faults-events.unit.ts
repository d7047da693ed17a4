// Event-stream faults on the wire: F9 dropped/reordered events and early close, F14 silent hang, F10 leaks; and how
// inbound hostile input is handled: F24 crash-on-oversize, F25 hang-on-malformed, F26 foreign-thread.
import { expect, test } from '@playwright/test';
import { startReferenceTarget, type RunningTarget } from '../server.ts';
import { ALICE, BOB, login, type LoggedIn } from './http-client.ts';
import { ask, connectWithHeader, type Frame } from './ws-client.ts';

let target: RunningTarget;
let alice: LoggedIn;
let bob: LoggedIn;
test.beforeAll(async () => {
  target = await startReferenceTarget({ port: 0, log: 'silent', phaseDelayMs: [5, 20], streamChunks: 2 });
  alice = await login(target.url, ALICE);
  bob = await login(target.url, BOB);
});
test.afterAll(async () => {
  await target.close();
});
test.afterEach(() => target.setFaults(''));

const types = (frames: Frame[]): string[] => frames.map((f) => String(f.type));

test('F9 drop-event:tool_completed: that event never arrives, the rest do', async () => {
  target.setFaults('drop-event:tool_completed');
  const client = await connectWithHeader(target.url, alice.token);
  const seen = types(await ask(client, 'drop one'));
  expect(seen).not.toContain('tool_completed');
  expect(seen).toContain('tool_executing');
  expect(seen.at(-1)).toBe('agent_completed');
  await client.close();
});

test('F9 reorder-events: tool_completed arrives before tool_executing', async () => {
  target.setFaults('reorder-events');
  const client = await connectWithHeader(target.url, alice.token);
  const seen = types(await ask(client, 'reorder'));
  expect(seen.indexOf('tool_completed')).toBeLessThan(seen.indexOf('tool_executing'));
  await client.close();
});

test('F9 early-close-1000: the socket closes 1000 right after tool_completed, no agent_completed', async () => {
  target.setFaults('early-close-1000');
  const client = await connectWithHeader(target.url, alice.token);
  client.send({ type: 'user_message', payload: { content: 'close early' } });
  const closed = await client.closed;
  expect(closed.code).toBe(1000);
  expect(client.types().at(-1)).toBe('tool_completed');
  expect(client.types()).not.toContain('agent_completed');
});

test('F14 stream-never-completes: chunks arrive, agent_completed never does, the socket stays open', async () => {
  target.setFaults('stream-never-completes');
  const client = await connectWithHeader(target.url, alice.token);
  client.send({ type: 'user_message', payload: { content: 'hang' } });
  await client.until((f) => f.filter((x) => x.type === 'stream_chunk').length === 2, 'both stream chunks');
  await new Promise((r) => setTimeout(r, 300));
  expect(client.types()).not.toContain('agent_completed');
  expect(client.ws.readyState).toBe(client.ws.OPEN);
  await client.close();
});

test("F10 cross-user-leak: bob's connection receives alice's run events", async () => {
  target.setFaults('cross-user-leak');
  const a = await connectWithHeader(target.url, alice.token);
  const b = await connectWithHeader(target.url, bob.token);
  const aliceFrames = await ask(a, 'secret of alice');
  const aliceRun = aliceFrames[0]?.run_id;
  await b.until((f) => f.some((x) => x.type === 'agent_completed'), "alice's leaked agent_completed");
  const leaked = b.frames.filter((f) => f.run_id === aliceRun);
  expect(leaked.length).toBeGreaterThan(0);
  expect(leaked.every((f) => f.user_id === alice.userId)).toBe(true);
  await Promise.all([a.close(), b.close()]);
});

test("F10 wrong-user-answer: agent_completed carries another user's id", async () => {
  target.setFaults('wrong-user-answer');
  const client = await connectWithHeader(target.url, alice.token);
  const frames = await ask(client, 'whose answer?');
  const completed = frames.at(-1);
  expect(completed?.type).toBe('agent_completed');
  expect(completed?.user_id).toBe(bob.userId);
  expect(frames.slice(0, -1).every((f) => f.user_id === alice.userId)).toBe(true);
  await client.close();
});

const oversize = { type: 'user_message', payload: { content: 'x'.repeat(70_000) } };

test('an oversize frame closes 1009; crash-on-oversize drops the connection with no close frame', async () => {
  const healthy = await connectWithHeader(target.url, alice.token);
  healthy.send(oversize);
  expect((await healthy.closed).code).toBe(1009);
  target.setFaults('crash-on-oversize');
  const crashed = await connectWithHeader(target.url, alice.token);
  crashed.send(oversize);
  expect((await crashed.closed).code).toBe(1006);
});

test('malformed JSON gets an error frame; hang-on-malformed answers nothing', async () => {
  const healthy = await connectWithHeader(target.url, alice.token);
  healthy.ws.send('{"unterminated": [');
  expect((await healthy.next('error')).code).toBe('invalid_json');
  await healthy.close();
  target.setFaults('hang-on-malformed');
  const hung = await connectWithHeader(target.url, alice.token);
  hung.ws.send('{"unterminated": [');
  // Then a ping: its pong proves the malformed message was read (and ignored) before it.
  hung.send({ type: 'ping' });
  await hung.next('pong');
  expect(hung.types()).not.toContain('error');
  await hung.close();
});

test("another user's thread is refused; foreign-thread serves it and quotes its history", async () => {
  const owner = await connectWithHeader(target.url, bob.token);
  const frames = await ask(owner, 'bob private question');
  const threadId = String(frames.find((f) => f.thread_id)?.thread_id);
  await owner.close();
  const intruder = await connectWithHeader(target.url, alice.token);
  intruder.send({ type: 'user_message', payload: { content: 'mine now', thread_id: threadId } });
  expect((await intruder.next('error')).code).toBe('thread_not_found');
  target.setFaults('foreign-thread');
  const served = await ask(intruder, 'mine now', threadId);
  expect(String(served.at(-1)?.final_response)).toContain('Earlier in this thread: bob private question');
  await intruder.close();
});

test("leak-marker: another user's question reaches this socket in a frame that names nobody", async () => {
  target.setFaults('leak-marker');
  const bystander = await connectWithHeader(target.url, bob.token);
  const asker = await connectWithHeader(target.url, alice.token);
  asker.send({ type: 'user_message', payload: { content: 'alice marker gpmark-a-0123456789ab' } });
  const leaked = await bystander.next('stream_chunk');
  expect(leaked).toEqual({
    type: 'stream_chunk',
    content: 'alice marker gpmark-a-0123456789ab',
    timestamp: expect.any(String),
  });
  await Promise.all([asker.close(), bystander.close()]);
});
