// Socket and turn faults in the lumen dialect: pongs ignored (4408 despite answers), fan-out missing, dropped or
// missing terminal frames, reordered or unpaired tool frames, cross-user leaks, and the handshake/capacity faults.
import { expect, test } from '@playwright/test';
import { composeAnswer } from '../agent/answer.ts';
import { rawUpgrade } from './raw-upgrade.ts';
import {
  answerOf,
  askFrame,
  askTurn,
  lumenSocket,
  turnDone,
  turnFrames,
  useLumenTarget,
} from './lumen-client.ts';
import type { Frame, FrameClient } from './ws-client.ts';

const world = useLumenTarget({ streamChunks: 2, heartbeatMs: 150 });

const toolPhases = (client: FrameClient, rid: string): string[] =>
  turnFrames(client.frames, rid)
    .filter((t) => t.data.kind === 'tool')
    .map((t) => `${String(t.data.name)}:${String(t.data.phase)}`);

test('ignore-pong: a client that echoes every nonce is still closed 4408 "keepalive timeout"', async () => {
  world.target.setFaults('ignore-pong');
  const client = lumenSocket(world.target.url, world.alice);
  const pongs: unknown[] = [];
  client.ws.on('message', (data) => {
    const f = JSON.parse((data as Buffer).toString('utf8')) as { op?: unknown; nonce?: unknown };
    if (f.op === 'ping') pongs.push(f.nonce);
  });
  expect(await client.closed).toEqual({ code: 4408, reason: 'keepalive timeout' });
  expect(pongs).toHaveLength(2);
});

test("fanout-missing: the user's other socket never sees the turn", async () => {
  world.target.setFaults('fanout-missing');
  const a1 = await world.connect(world.alice);
  const a2 = await world.connect(world.alice);
  await askTurn(a1, 'rid-nofan-1', 'Only here');
  // A turn of a2's own, after a1's, shows a2 got nothing of a1's.
  await askTurn(a2, 'rid-nofan-2', 'And here');
  expect(turnFrames(a2.frames, 'rid-nofan-1')).toEqual([]);
  expect(turnFrames(a1.frames, 'rid-nofan-2')).toEqual([]);
  await Promise.all([a1.close(), a2.close()]);
});

test('F9 drop-event matches agent events: tool_completed drops the tool end frame', async () => {
  world.target.setFaults('drop-event:tool_completed');
  const client = await world.connect(world.alice);
  await askTurn(client, 'rid-drop-1', 'drop the tool end');
  expect(toolPhases(client, 'rid-drop-1')).toEqual(['knowledge_search:start']);
  await client.close();
});

test('F9/F14 no terminal frame: drop-event:agent_completed and stream-never-completes send every delta, never done', async () => {
  for (const fault of ['drop-event:agent_completed', 'stream-never-completes']) {
    world.target.setFaults(fault);
    const client = await world.connect(world.alice);
    const rid = `rid-${fault.replace(/[^a-z]/g, '')}`;
    const question = `where is the end (${fault})?`;
    client.send(askFrame(rid, question));
    await client.until(
      (f) => answerOf(turnFrames(f, rid)) === composeAnswer(question),
      `every delta of ${rid}`,
    );
    // The socket lives on: two more server pings answered, and still no done frame.
    const pings = client.frames.filter((f) => f.op === 'ping').length;
    await client.until((f) => f.filter((x) => x.op === 'ping').length >= pings + 2, 'two more pings');
    expect(turnFrames(client.frames, rid).some((t) => t.frame.done === true)).toBe(false);
    expect(client.ws.readyState).toBe(client.ws.OPEN);
    await client.close();
  }
});

test('F9 early-close-1000, reorder-events, unpaired-tool-call', async () => {
  world.target.setFaults('early-close-1000');
  const closing = await world.connect(world.alice);
  closing.send(askFrame('rid-early-1', 'close early'));
  expect((await closing.closed).code).toBe(1000);
  expect(turnFrames(closing.frames, 'rid-early-1').at(-1)?.data).toMatchObject({
    kind: 'tool',
    phase: 'end',
  });

  world.target.setFaults('reorder-events');
  const client = await world.connect(world.alice);
  await askTurn(client, 'rid-order-1', 'reorder');
  expect(toolPhases(client, 'rid-order-1')).toEqual(['knowledge_search:end', 'knowledge_search:start']);

  world.target.setFaults('unpaired-tool-call');
  await askTurn(client, 'rid-unpaired-1', 'unpaired');
  expect(toolPhases(client, 'rid-unpaired-1')).toEqual([
    'knowledge_search:start',
    'knowledge_search:end',
    'source_lookup:start',
  ]);
  await client.close();
});

test("F10 cross-user-leak: bob's socket receives alice's turn", async () => {
  world.target.setFaults('cross-user-leak');
  const a = await world.connect(world.alice);
  const b = await world.connect(world.bob);
  const turn = await askTurn(a, 'rid-leak-1', 'secret of alice');
  expect((await turnDone(b, 'rid-leak-1')).map((t) => t.frame)).toEqual(turn.map((t) => t.frame));
  await Promise.all([a.close(), b.close()]);
});

test("F10 leak-marker: bob's socket receives alice's question in a delta of no turn", async () => {
  world.target.setFaults('leak-marker');
  const b = await world.connect(world.bob);
  const a = await world.connect(world.alice);
  await askTurn(a, 'rid-marker-1', 'alice marker gpmark-a-0123456789ab');
  const noTurn = (f: Frame) => f.op === 'frame' && f.rid === undefined;
  await b.until((frames) => frames.some(noTurn), 'a frame of no turn on the bystander');
  expect(b.frames.find(noTurn)).toEqual({
    op: 'frame',
    data: JSON.stringify({ kind: 'delta', text: 'alice marker gpmark-a-0123456789ab' }),
    done: false,
  });
  await Promise.all([a.close(), b.close()]);
});

test('F3, F17, F11: race 1011 after the 101, 426 instead of an upgrade, 1011 past the capacity cliff', async () => {
  world.target.setFaults('ws-race-1011');
  const raced = lumenSocket(world.target.url, world.alice);
  expect(await raced.closed).toEqual({ code: 1011, reason: 'internal error' });
  expect(raced.frames).toEqual([]);

  world.target.setFaults('ws-no-upgrade');
  expect(
    (await rawUpgrade(world.target.url, `/live/${world.alice.userId}`, { cookie: world.alice.cookie }))
      .status,
  ).toBe(426);

  world.target.setFaults('capacity-cliff:1');
  const first = await world.connect(world.alice);
  const second = lumenSocket(world.target.url, world.alice);
  expect(await second.closed).toEqual({ code: 1011, reason: 'server at capacity' });
  await first.close();
});

test('F23 idle-drop: the TCP socket is destroyed without a close frame (1006) before the first ping', async () => {
  world.target.setFaults('idle-drop:50');
  const client = lumenSocket(world.target.url, world.alice);
  expect((await client.closed).code).toBe(1006);
});
