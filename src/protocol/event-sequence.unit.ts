// Unit tests of the event-sequence checker, with fixture frames named through the default profile.
import { test, expect } from '@playwright/test';
import profile from '../../profiles/default.ts';
import { defineProfile, type EventField, type LogicalEvent } from '../../profiles/define.ts';
import { FrameReader, type Frame } from './frames.ts';
import {
  checkEventSequence,
  describeToolCalls,
  describeViolations,
  type SequenceOptions,
  type Violation,
} from './event-sequence.ts';

type Data = Record<string, unknown>;
interface Ids {
  runId: string;
  threadId: string;
  userId: string;
}

const reader = new FrameReader(profile);
const E = profile.events;
const typeKey = E.typePath[0] ?? 'type';
const nameOf = (event: LogicalEvent): string => E.aliases[event][0] ?? event;
const key = (field: EventField): string => E.fields[field][0] ?? field;
const streamType = E.streamTypes[0] ?? 'stream';
const failureType = E.failureTypes[0] ?? 'failure';
const keepAliveType = profile.ws.keepAlive.ignoreTypes[0] ?? 'keepalive';
const T0 = Date.parse('2025-09-18T10:00:00Z');
const MINE: Ids = { runId: 'run-1', threadId: 'thread-1', userId: 'user-1' };
const OTHER: Ids = { runId: 'run-2', threadId: 'thread-2', userId: 'user-1' };

let eventCounter = 0;
function agent(event: LogicalEvent, extra: Data = {}, ids: Ids = MINE): Data {
  eventCounter++;
  const data: Data = {
    [typeKey]: nameOf(event),
    [key('eventId')]: `${ids.runId}-e${eventCounter}`,
    [key('timestamp')]: new Date(T0 + eventCounter * 1000).toISOString(),
    [key('userId')]: ids.userId,
    [key('threadId')]: ids.threadId,
    [key('runId')]: ids.runId,
    [key('agentName')]: 'supervisor',
  };
  if (event === 'toolExecuting' || event === 'toolCompleted') data[key('toolName')] = 'latency_report';
  if (event === 'toolCompleted') data[key('results')] = [{ city: 'Lyon', p50_ms: 120 }];
  if (event === 'completed') {
    data[key('answer')] = 'Lyon, Nantes and Lille.';
    data[key('duration')] = 4200;
  }
  return { ...data, ...extra };
}
const chunk = (text: string, ids: Ids = MINE): Data => ({
  [typeKey]: streamType,
  [key('runId')]: ids.runId,
  [key('chunkText')]: text,
});
const keepAlive = (): Data => ({ [typeKey]: keepAliveType });

/** A valid run: two thinking events, streamed chunks and a heartbeat in between. */
function validRun(ids: Ids = MINE): Data[] {
  return [
    agent('started', {}, ids),
    agent('thinking', {}, ids),
    keepAlive(),
    agent('thinking', {}, ids),
    agent('toolExecuting', {}, ids),
    agent('toolCompleted', {}, ids),
    chunk('Lyon, ', ids),
    chunk('Nantes and Lille.', ids),
    agent('completed', {}, ids),
  ];
}

function framesOf(datas: readonly Data[], r: FrameReader = reader): Frame[] {
  return datas.map((data, i) => ({
    at: 1000 + i * 250,
    data,
    size: JSON.stringify(data).length,
    type: r.typeOf(data),
    kind: r.classify(data),
  }));
}
const check = (datas: readonly Data[], options: SequenceOptions = {}) =>
  checkEventSequence(framesOf(datas), reader, options);
const rules = (violations: readonly Violation[]) => violations.map((v) => v.rule);
const indexOfType = (datas: readonly Data[], event: LogicalEvent) =>
  datas.findIndex((d) => d[typeKey] === nameOf(event));

test('a valid default-profile stream passes', () => {
  const datas = validRun();
  const result = check(datas, { expectedUserId: MINE.userId });
  expect(result.violations).toEqual([]);
  expect(result.ok).toBe(true);
  expect(result.summary).toMatchObject({
    eventsSeen: { started: 1, thinking: 2, toolExecuting: 1, toolCompleted: 1, completed: 1 },
    runId: MINE.runId,
    threadId: MINE.threadId,
    userId: MINE.userId,
    terminal: 'completed',
    otherRunFrames: 0,
  });
  expect(result.summary.firstViolation).toBeUndefined();
  expect(result.runFrames).toHaveLength(datas.length - 1);
});

test('an event before its predecessor is out of order', () => {
  const datas = validRun();
  const executing = indexOfType(datas, 'toolExecuting');
  const completedTool = indexOfType(datas, 'toolCompleted');
  // The target emitted (and stamped) them in the wrong order.
  const ts = key('timestamp');
  [datas[executing], datas[completedTool]] = [
    { ...datas[completedTool], [ts]: datas[executing]?.[ts] },
    { ...datas[executing], [ts]: datas[completedTool]?.[ts] },
  ];
  const result = check(datas);
  expect(rules(result.violations)).toEqual(['out-of-order']);
  expect(result.violations[0]).toMatchObject({ index: executing });
  expect(result.summary.firstViolation).toBe(
    `${nameOf('toolCompleted')} at #${executing} arrived before ${nameOf('toolExecuting')} (#${completedTool})`,
  );
});

for (const missing of E.order) {
  test(`a run without ${missing} misses it`, () => {
    const datas = validRun().filter((d) => d[typeKey] !== nameOf(missing));
    const result = check(datas);
    expect(rules(result.violations)).toEqual(['missing-event']);
    expect(result.violations[0]?.index).toBeUndefined();
    expect(result.violations[0]?.message).toMatch(
      new RegExp(`^missing ${nameOf(missing)} (after|before) \\w+ \\(event #\\d+\\)$`),
    );
    expect(result.summary.terminal).toBe(missing === 'completed' ? 'none' : 'completed');
  });
}

test('no frame at all misses every event', () => {
  const result = check([keepAlive()]);
  expect(rules(result.violations)).toEqual(E.order.map(() => 'missing-event'));
  expect(result.violations[0]?.message).toBe(`missing ${nameOf('started')} (no event of the run arrived)`);
});

test('a second start is a duplicate start', () => {
  const datas = validRun();
  datas.splice(2, 0, agent('started', { [key('timestamp')]: datas[1]?.[key('timestamp')] }));
  const result = check(datas);
  expect(rules(result.violations)).toEqual(['duplicate-start']);
  expect(result.violations[0]).toMatchObject({
    index: 2,
    message: `${nameOf('started')} at #2 repeated (first at #0)`,
  });
});

test('a second completion is a duplicate terminal', () => {
  const datas = [...validRun(), agent('completed')];
  const result = check(datas);
  expect(rules(result.violations)).toEqual(['duplicate-terminal']);
  expect(result.violations[0]?.index).toBe(datas.length - 1);
  expect(result.summary.eventsSeen.completed).toBe(2);
});

test('missing required fields are named by field and path', () => {
  const datas = validRun();
  const at = (event: LogicalEvent) => indexOfType(datas, event);
  datas[at('toolExecuting')] = { ...datas[at('toolExecuting')], [key('toolName')]: undefined };
  datas[at('toolCompleted')] = { ...datas[at('toolCompleted')], [key('results')]: null };
  datas[at('completed')] = { ...datas[at('completed')], [key('answer')]: '' };
  datas[at('thinking')] = {
    ...datas[at('thinking')],
    [key('eventId')]: undefined,
    [key('runId')]: undefined,
  };
  const result = check(datas);
  expect(rules(result.violations)).toEqual([
    'missing-field',
    'missing-field',
    'missing-field',
    'missing-field',
    'missing-field',
  ]);
  const text = describeViolations(result.violations);
  for (const field of ['toolName', 'results', 'answer', 'eventId', 'runId'] as const)
    expect(text).toContain(`lacks ${field} (${key(field)})`);
  expect(result.summary.terminal).toBe('completed');
});

test('a different run id in the same thread is inconsistent', () => {
  const datas = validRun();
  datas[1] = { ...datas[1], [key('runId')]: 'run-9' };
  const result = check(datas);
  expect(rules(result.violations)).toEqual(['inconsistent-id']);
  expect(result.violations[0]?.message).toBe(
    `${nameOf('thinking')} at #1 carries runId run-9, the run's is ${MINE.runId}`,
  );
});

test("another user's frame is a foreign-user leak naming both users", () => {
  const datas = validRun();
  datas.splice(3, 0, agent('thinking', {}, { runId: 'run-7', threadId: 'thread-7', userId: 'user-2' }));
  const result = check(datas, { expectedUserId: MINE.userId });
  expect(rules(result.violations)).toEqual(['foreign-user']);
  expect(result.violations[0]).toMatchObject({
    index: 3,
    message: `${nameOf('thinking')} at #3 is for user user-2, not the expected user-1`,
  });
  expect(result.summary.eventsSeen.thinking).toBe(2);
});

test('an interleaved run of the same user is left out; listed as foreign it is a leak', () => {
  const mine = validRun();
  const other = validRun(OTHER);
  const datas = mine.flatMap((d, i) => (other[i] ? [d, other[i]] : [d]));
  const result = check(datas);
  expect(result.violations).toEqual([]);
  expect(result.summary).toMatchObject({ runId: MINE.runId, otherRunFrames: other.length - 1 });

  const leaked = check(datas, { foreignRunIds: [OTHER.runId] });
  expect(rules(leaked.violations)).toEqual(
    other.filter((d) => d[typeKey] !== keepAliveType).map(() => 'foreign-run'),
  );
  expect(leaked.violations[0]?.message).toBe(
    `${nameOf('started')} at #1 carries run ${OTHER.runId} of another user's run (this run's run: ${MINE.runId})`,
  );
  const byThread = check(datas, { foreignThreadIds: [OTHER.threadId] });
  expect(byThread.violations[0]?.message).toContain(`thread ${OTHER.threadId}`);
});

test('a timestamp earlier than the previous event is decreasing', () => {
  const datas = validRun();
  const executing = indexOfType(datas, 'toolExecuting');
  datas[executing] = { ...datas[executing], [key('timestamp')]: new Date(T0 - 5000).toISOString() };
  const result = check(datas);
  expect(rules(result.violations)).toEqual(['timestamp-decreasing']);
  expect(result.violations[0]?.index).toBe(executing);
});

test('a whole-second stamp after a finer one within the same second is not decreasing', () => {
  const datas = validRun();
  const ts = key('timestamp');
  const base = Date.parse(String(datas[0]?.[ts]));
  datas[1] = { ...datas[1], [ts]: new Date(base + 500).toISOString() };
  datas[3] = { ...datas[3], [ts]: new Date(base).toISOString() };
  expect(check(datas).violations).toEqual([]);
  datas[3] = { ...datas[3], [ts]: new Date(base - 1000).toISOString() };
  expect(rules(check(datas).violations)).toEqual(['timestamp-decreasing']);
});

test('a repeated event id is a duplicate', () => {
  const datas = validRun();
  datas[3] = { ...datas[3], [key('eventId')]: datas[1]?.[key('eventId')] };
  const result = check(datas);
  expect(rules(result.violations)).toEqual(['duplicate-event-id']);
  expect(result.violations[0]?.message).toContain('at #1');
});

test('a failure ends the run as the cause, without missing-event noise', () => {
  const datas = [
    agent('started'),
    agent('thinking'),
    { [typeKey]: failureType, [key('runId')]: MINE.runId, error: 'LLM provider timed out' },
    agent('thinking'),
  ];
  const result = check(datas);
  expect(rules(result.violations)).toEqual(['agent-error', 'event-after-terminal']);
  expect(result.violations[0]?.message).toBe(`${failureType} at #2: LLM provider timed out`);
  expect(result.summary.terminal).toBe('failure');
});

test('each unknown frame type is reported once', () => {
  const datas = validRun();
  datas.splice(2, 0, { [typeKey]: 'mystery' }, { [typeKey]: 'mystery' }, { note: 'no type' });
  const result = check(datas);
  expect(rules(result.violations)).toEqual(['unknown-type', 'unknown-type']);
  expect(result.violations.map((v) => v.index)).toEqual([2, 4]);
});

test('a frame of the run after its terminal event is reported', () => {
  const datas = [...validRun(), chunk('late')];
  const result = check(datas);
  expect(rules(result.violations)).toEqual(['event-after-terminal']);
  expect(result.violations[0]?.message).toBe(
    `${streamType} at #${datas.length - 1} arrived after the run ended with ${nameOf('completed')} at #${datas.length - 2}`,
  );
});

test('a stream chunk before the start is out of order', () => {
  const datas = [chunk('too early'), ...validRun()];
  expect(rules(check(datas).violations)).toEqual(['out-of-order']);
});

const withoutIds = (fields: readonly EventField[]) =>
  fields.filter((f) => f !== 'eventId' && f !== 'threadId');

test('a profile without event and thread ids, stamped in epoch seconds, passes without them', () => {
  const variant = defineProfile({
    ...profile,
    name: 'no-ids',
    events: {
      ...E,
      fields: { ...E.fields, eventId: [], threadId: [] },
      required: {
        started: withoutIds(E.required.started),
        thinking: withoutIds(E.required.thinking),
        toolExecuting: withoutIds(E.required.toolExecuting),
        toolCompleted: withoutIds(E.required.toolCompleted),
        completed: withoutIds(E.required.completed),
      },
      timestampFormat: 'epoch-s',
      correlation: ['runId'],
      threads: false,
    },
  });
  const variantReader = new FrameReader(variant);
  const strip = (d: Data): Data => {
    const { [key('eventId')]: _e, [key('threadId')]: _t, ...rest } = d;
    // Second resolution: several events share a second.
    return key('timestamp') in rest ? { ...rest, [key('timestamp')]: Math.floor(T0 / 1000) } : rest;
  };
  const result = checkEventSequence(framesOf(validRun().map(strip), variantReader), variantReader, {
    expectedUserId: MINE.userId,
  });
  expect(result.violations).toEqual([]);
  expect(result.summary.threadId).toBeUndefined();
});

test('user ids compare exactly: user_1 is not user_10, nor a truncated form of it', () => {
  const mine = { ...MINE, userId: 'user_1' };
  expect(check(validRun(mine), { expectedUserId: 'user_1' }).ok).toBe(true);
  for (const seen of ['user_10', 'user_', 'user_1...']) {
    const result = check(validRun({ ...mine, userId: seen }), { expectedUserId: 'user_1' });
    expect(rules(result.violations), seen).toContain('foreign-user');
  }
});

test('tool calls pair by name and order: a completion without a start, a start without a completion', () => {
  const run = validRun();
  const at = indexOfType(run, 'toolCompleted');
  const paired = check(run);
  expect(paired.summary.toolCalls).toEqual({ started: 1, completed: 1, paired: 1 });
  expect(describeToolCalls(paired.summary.toolCalls)).toBe('tool calls: 1 started, 1 completed, 1 paired');

  // A second call of another tool, after the paired one: only its completion, or only its start.
  const withLone = (event: 'toolExecuting' | 'toolCompleted') =>
    check([...run.slice(0, at + 1), agent(event, { [key('toolName')]: 'geo' }), ...run.slice(at + 1)]);
  const noStart = withLone('toolCompleted');
  expect(rules(noStart.violations)).toContain('unpaired-tool-call');
  expect(noStart.summary.toolCalls).toEqual({ started: 1, completed: 2, paired: 1 });
  const noEnd = withLone('toolExecuting');
  expect(rules(noEnd.violations)).toContain('unpaired-tool-call');
  expect(noEnd.violations[0]?.message).toContain('geo');
});

test('tool calls pair by call id when the profile names one', () => {
  const withIds = defineProfile({
    ...profile,
    name: 'call-ids',
    events: { ...E, toolCallIdPath: ['call_id'] },
  });
  const idReader = new FrameReader(withIds);
  const run = validRun();
  const exec = indexOfType(run, 'toolExecuting');
  const done = indexOfType(run, 'toolCompleted');
  const stamp = (ids: [string, string]): Data[] =>
    run.map((d, i) => (i === exec ? { ...d, call_id: ids[0] } : i === done ? { ...d, call_id: ids[1] } : d));
  const judge = (datas: Data[]) => checkEventSequence(framesOf(datas, idReader), idReader, {});
  expect(judge(stamp(['c1', 'c1'])).ok).toBe(true);
  const crossed = judge(stamp(['c1', 'c2']));
  expect(rules(crossed.violations)).toEqual(['unpaired-tool-call', 'unpaired-tool-call']);
  expect(crossed.summary.toolCalls.paired).toBe(0);
});

test('a product with threads: a run without a thread id fails, a follow-up must stay in the thread sent', () => {
  const noThread = validRun().map((d) => {
    const { [key('threadId')]: _t, ...rest } = d;
    return rest;
  });
  expect(rules(check(noThread).violations)).toContain('missing-thread-id');
  // A follow-up whose events name no thread was sent in one: nothing to contradict.
  expect(rules(check(noThread, { sentThreadId: MINE.threadId }).violations)).not.toContain(
    'missing-thread-id',
  );
  expect(check(validRun(), { sentThreadId: MINE.threadId }).ok).toBe(true);
  expect(rules(check(validRun(), { sentThreadId: 'thread-0' }).violations)).toEqual(['thread-not-kept']);
});

test('a run cut short passes when completeness is not required', () => {
  const datas = validRun().slice(0, indexOfType(validRun(), 'toolExecuting') + 1);
  const result = check(datas, { requireComplete: false });
  expect(result.ok).toBe(true);
  expect(result.summary.terminal).toBe('none');
});

test('describeViolations prints at most ten lines and counts the rest', () => {
  const many: Violation[] = Array.from({ length: 12 }, (_, i) => ({
    rule: 'unknown-type',
    index: i,
    message: `m${i}`,
  }));
  const lines = describeViolations(many).split('\n');
  expect(lines).toHaveLength(11);
  expect(lines[0]).toBe('[unknown-type] m0');
  expect(lines[10]).toBe('+2 more');
  expect(describeViolations([])).toBe('no violations');
});

test('a logical event the profile does not let repeat is a duplicate event when it comes twice', () => {
  const once = defineProfile({
    ...profile,
    name: 'one-tool-call',
    events: { ...E, repeatable: E.repeatable.filter((e) => e !== 'toolExecuting' && e !== 'toolCompleted') },
  });
  const onceReader = new FrameReader(once);
  const run = validRun();
  const at = indexOfType(run, 'toolCompleted');
  const twice = [...run.slice(0, at + 1), agent('toolExecuting'), ...run.slice(at + 1)];
  const result = checkEventSequence(framesOf(twice, onceReader), onceReader, { expectedUserId: MINE.userId });
  expect(rules(result.violations)).toContain('duplicate-event');
  expect(
    rules(checkEventSequence(framesOf(twice), reader, { expectedUserId: MINE.userId }).violations),
  ).not.toContain('duplicate-event');
});
