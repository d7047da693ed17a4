// Hostile-input and marker-leak faults on the wire: F10 leak-marker, F24 crash-on-oversize, F25 hang-on-malformed,
// F26 foreign-thread — each against the healthy behaviour it breaks.
import { expect, test } from '@playwright/test';
import { startReferenceTarget, type RunningTarget } from '../server.ts';
import { ALICE, BOB, login, type LoggedIn } from './http-client.ts';
import { ask, connectWithHeader } from './ws-client.ts';

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
