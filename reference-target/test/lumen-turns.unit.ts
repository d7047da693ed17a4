// lumen dialect, turns: a question escaped twice arrives intact, JSON-text frames end with done (or error), rids are
// per turn and never reused, bad input is answered with op:error, and a user's turns reach all of that user's sockets.
import { expect, test } from '@playwright/test';
import { composeAnswer } from '../agent/answer.ts';
import { answerOf, askFrame, askTurn, turnDone, turnFrames, useLumenTarget } from './lumen-client.ts';

const world = useLumenTarget({ streamChunks: 3 });

test('a question with quotes, backslashes, newlines and emoji round-trips: the deltas concatenate to the answer', async () => {
  const client = await world.connect(world.alice);
  const question = 'He said "hi" \\ then C:\\temp\\new\nsecond line\ttab 🎉👩‍💻 ✓ {"json":true}';
  const turn = await askTurn(client, 'rid-escape-1', question);
  const answer = answerOf(turn);
  expect(answer).toBe(composeAnswer(question));
  expect(answer).toContain(question);
  await client.close();
});

test('frames are {op:"frame", rid, data:<JSON text>, done}: status, tool start/end, deltas, then {kind:"end"} done', async () => {
  const client = await world.connect(world.alice);
  const turn = await askTurn(client, 'rid-shape-1', 'What is lumen?');
  for (const { frame } of turn) {
    expect(Object.keys(frame)).toEqual(['op', 'rid', 'data', 'done']);
    expect(frame.rid).toBe('rid-shape-1');
    expect(typeof frame.data).toBe('string');
  }
  const kinds = turn.map((t) => (t.data.kind === 'tool' ? `tool:${String(t.data.phase)}` : t.data.kind));
  expect(kinds[0]).toBe('status');
  expect(kinds.at(-1)).toBe('end');
  expect(kinds.filter((k) => k !== 'status')).toEqual([
    'tool:start',
    'tool:end',
    'delta',
    'delta',
    'delta',
    'end',
  ]);
  expect(turn.filter((t) => t.data.kind === 'status').map((t) => t.data)).toContainEqual({
    kind: 'status',
    text: 'thinking',
  });
  expect(turn.find((t) => t.data.kind === 'tool')?.data).toEqual({
    kind: 'tool',
    name: 'knowledge_search',
    phase: 'start',
  });
  expect(turn.at(-1)?.data).toEqual({ kind: 'end' });
  expect(turn.map((t) => t.frame.done)).toEqual([...turn.slice(1).map(() => false), true]);
  // No event ids, no agent name, no thread id — on the frame or in its data.
  for (const { frame, data } of turn) {
    for (const key of [...Object.keys(frame), ...Object.keys(data)]) {
      expect(key).not.toMatch(/event|agent|thread|run|user/i);
    }
  }
  await client.close();
});

test('a failed turn is one frame with error:true and done:true, its data {kind:"error", message}', async () => {
  world.target.setFaults('db-slow:30');
  const client = await world.connect(world.alice);
  const from = client.frames.length;
  client.send(askFrame('rid-fail-1', 'Will this fail?'));
  const turn = await turnDone(client, 'rid-fail-1', from);
  expect(turn).toHaveLength(1);
  expect(Object.keys(turn[0]?.frame ?? {})).toEqual(['op', 'rid', 'data', 'error', 'done']);
  expect(turn[0]?.frame).toMatchObject({ op: 'frame', rid: 'rid-fail-1', error: true, done: true });
  expect(turn[0]?.data).toEqual({ kind: 'error', message: expect.stringContaining('database') });
  await client.close();
});

test('a rid already used on this connection gets an error frame for that rid; the first turn is unharmed', async () => {
  const client = await world.connect(world.alice);
  await askTurn(client, 'rid-dup-1', 'First use');
  const from = client.frames.length;
  client.send(askFrame('rid-dup-1', 'Second use'));
  const dup = await turnDone(client, 'rid-dup-1', from);
  expect(dup.map((t) => t.frame)).toEqual([
    {
      op: 'frame',
      rid: 'rid-dup-1',
      data: JSON.stringify({ kind: 'error', message: 'duplicate_rid' }),
      error: true,
      done: true,
    },
  ]);
  // Reused while the first turn is still running: the duplicate is refused, the first still ends normally.
  const start = client.frames.length;
  client.send(askFrame('rid-dup-2', 'In flight'));
  client.send(askFrame('rid-dup-2', 'In flight again'));
  await client.until(
    (f) => turnFrames(f, 'rid-dup-2', start).some((t) => t.data.kind === 'end'),
    'the end of the first rid-dup-2 turn',
  );
  const both = turnFrames(client.frames, 'rid-dup-2', start);
  expect(both.filter((t) => t.frame.error === true).map((t) => t.data)).toEqual([
    { kind: 'error', message: 'duplicate_rid' },
  ]);
  expect(answerOf(both)).toBe(composeAnswer('In flight'));
  await client.close();
});

test('bad input → {op:"error", message} (with the rid when there is one); the socket stays open', async () => {
  const client = await world.connect(world.alice);
  const cases: [unknown, Record<string, unknown>][] = [
    ['this is not JSON', { op: 'error', message: 'invalid_json' }],
    [{ op: 'dance' }, { op: 'error', message: 'unknown_op' }],
    [{ rid: 'x' }, { op: 'error', message: 'unknown_op', rid: 'x' }],
    [askFrame('rid-bad-1', '   '), { op: 'error', message: 'empty_prompt', rid: 'rid-bad-1' }],
    [
      { op: 'ask', rid: 'rid-bad-2', body: '{"prompt":' },
      { op: 'error', message: 'invalid_json', rid: 'rid-bad-2' },
    ],
    [
      { op: 'ask', body: JSON.stringify({ prompt: 'no rid' }) },
      { op: 'error', message: 'bad_request' },
    ],
    [
      { op: 'ask', rid: 'rid-bad-3', body: { prompt: 'not text' } },
      { op: 'error', message: 'bad_request', rid: 'rid-bad-3' },
    ],
  ];
  for (const [input, expected] of cases) {
    const from = client.frames.length;
    client.send(input);
    await client.until(
      (f) => f.slice(from).some((x) => x.op === 'error'),
      `the error for ${JSON.stringify(input)}`,
    );
    expect(client.frames.slice(from).find((x) => x.op === 'error')).toEqual(expected);
  }
  // A refused ask does not use up its rid, and the socket still answers.
  expect(answerOf(await askTurn(client, 'rid-bad-1', 'Now a real question'))).toContain(
    'Now a real question',
  );
  await client.close();
});

test("a user's turns reach every socket of that user, with the rid, and never another user's socket", async () => {
  const a1 = await world.connect(world.alice);
  const a2 = await world.connect(world.alice);
  const b1 = await world.connect(world.bob);
  const turn = await askTurn(a1, 'rid-fan-1', 'Fan me out');
  const mirrored = await turnDone(a2, 'rid-fan-1');
  expect(mirrored.map((t) => t.frame)).toEqual(turn.map((t) => t.frame));
  // Either socket may ask; the other sees it too.
  const back = await askTurn(a2, 'rid-fan-2', 'And back');
  expect((await turnDone(a1, 'rid-fan-2')).map((t) => t.frame)).toEqual(back.map((t) => t.frame));
  // Bob's own turn, after Alice's, shows his socket got nothing of hers.
  await askTurn(b1, 'rid-bob-1', 'Only mine');
  expect(new Set(b1.frames.filter((f) => f.op === 'frame').map((f) => f.rid))).toEqual(
    new Set(['rid-bob-1']),
  );
  expect(a1.frames.some((f) => f.rid === 'rid-bob-1')).toBe(false);
  for (const c of [a1, a2, b1]) await c.close();
});
