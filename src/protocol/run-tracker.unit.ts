// Unit tests of the run tracker: frames named through the default profile, fed one at a time as they would arrive.
import { expect, test } from '@playwright/test';
import profile from '../../profiles/default.ts';
import type { EventField, LogicalEvent } from '../../profiles/define.ts';
import { FrameReader, type Frame } from './frames.ts';
import { RunTracker, type RunTrackerOptions } from './run-tracker.ts';

type Data = Record<string, unknown>;
const reader = new FrameReader(profile);
const E = profile.events;
const typeKey = E.typePath[0] ?? 'type';
const key = (field: EventField): string => E.fields[field][0] ?? field;
const ME = { runId: 'run-1', threadId: 'thread-1', userId: 'user-1' };
const STRANGER = { runId: 'run-9', threadId: 'thread-9', userId: 'user-9' };
const MY_OTHER_RUN = { runId: 'run-2', threadId: 'thread-2', userId: 'user-1' };

function agent(event: LogicalEvent, ids: Partial<typeof ME> = ME, extra: Data = {}): Data {
  return {
    [typeKey]: E.aliases[event][0],
    ...(ids.runId !== undefined && { [key('runId')]: ids.runId }),
    ...(ids.threadId !== undefined && { [key('threadId')]: ids.threadId }),
    ...(ids.userId !== undefined && { [key('userId')]: ids.userId }),
    ...extra,
  };
}
const tool = (event: 'toolExecuting' | 'toolCompleted', name: string): Data =>
  agent(event, ME, { [key('toolName')]: name });
const keepAlive = (): Data => ({ [typeKey]: profile.ws.keepAlive.ignoreTypes[0] ?? 'heartbeat' });

/** Feeds frames at the given arrival instants (default: one every 100 ms from 1000). */
function track(datas: readonly Data[], options: RunTrackerOptions = {}, at?: readonly number[]) {
  const tracker = new RunTracker(reader, options);
  const roles = datas.map((data, i) => {
    const frame: Frame = {
      at: at?.[i] ?? 1000 + i * 100,
      data,
      size: JSON.stringify(data).length,
      type: reader.typeOf(data),
      kind: reader.classify(data),
    };
    return tracker.accept(frame).role;
  });
  return { tracker, roles, final: tracker.frames.map((t) => t.role) };
}

test("the run's ids are learned only from this user's frames: a stranger's frame first is not adopted", () => {
  const { tracker, roles } = track([agent('started', STRANGER), agent('started'), agent('thinking')], {
    expectedUserId: ME.userId,
  });
  expect(roles).toEqual(['foreign-user', 'run', 'run']);
  expect([tracker.id('runId'), tracker.id('threadId'), tracker.userId]).toEqual([
    ME.runId,
    ME.threadId,
    ME.userId,
  ]);
  expect(tracker.frames[0]?.foreign).toEqual({ field: 'userId', seen: STRANGER.userId, expected: ME.userId });
  expect(tracker.foreignFrames).toHaveLength(1);
});

test("a stranger's terminal event does not end the run; the run's own does", () => {
  const { tracker, roles } = track([agent('started'), agent('completed', STRANGER), agent('completed')], {
    expectedUserId: ME.userId,
  });
  expect(roles).toEqual(['run', 'foreign-user', 'terminal']);
  expect(tracker.outcome).toBe('completed');
  expect(tracker.terminal?.index).toBe(2);
});

test('ids listed as another user run are a leak, whoever the frame names', () => {
  const { roles, tracker } = track(
    [agent('started'), agent('thinking', { ...STRANGER, userId: ME.userId })],
    {
      foreignThreadIds: [STRANGER.threadId],
    },
  );
  expect(roles).toEqual(['run', 'foreign-run']);
  expect(tracker.frames[1]?.foreign).toEqual({
    field: 'threadId',
    seen: STRANGER.threadId,
    expected: ME.threadId,
  });
});

test('the run is the one its start names: a stray frame of another run before it is judged again', () => {
  const { roles, final, tracker } = track([
    agent('thinking', MY_OTHER_RUN),
    agent('started'),
    agent('thinking', MY_OTHER_RUN),
    agent('thinking'),
  ]);
  expect(roles, 'as each arrived').toEqual(['run', 'run', 'other-run', 'run']);
  expect(final, 'once the start named the run').toEqual(['other-run', 'run', 'other-run', 'run']);
  expect(tracker.otherRunFrames).toBe(2);
  expect(tracker.id('runId')).toBe(ME.runId);
});

test('a frame sharing one id of the run but not another is the run, with the inconsistency noted', () => {
  const { roles, tracker } = track([agent('started'), agent('thinking', { ...ME, runId: 'run-x' })]);
  expect(roles).toEqual(['run', 'run']);
  expect(tracker.frames[1]?.inconsistent).toEqual([{ field: 'runId', seen: 'run-x', expected: ME.runId }]);
});

test('a thread the client created is known before any frame: another thread is another run', () => {
  const { roles, tracker } = track(
    [agent('started', MY_OTHER_RUN), agent('started', { ...ME, threadId: 'th-created' })],
    { known: { threadId: 'th-created' } },
  );
  expect(roles).toEqual(['other-run', 'run']);
  expect(tracker.id('runId')).toBe(ME.runId);
  expect(tracker.id('threadId')).toBe('th-created');
});

test('terminal detection: the first terminal ends the run, later frames of the run come after it', () => {
  const failure = { [typeKey]: E.failureTypes[0], [key('runId')]: ME.runId, error: 'boom' };
  const { tracker, roles } = track([agent('started'), failure, agent('thinking'), agent('completed')]);
  expect(roles).toEqual(['run', 'terminal', 'after-terminal', 'after-terminal']);
  expect(tracker.outcome).toBe('failure');
  expect(track([agent('started')]).tracker.outcome).toBe('none');
});

test('keep-alives stay outside the run and its gaps', () => {
  const { roles, tracker } = track([agent('started'), keepAlive(), agent('thinking')], {}, [0, 50, 400]);
  expect(roles).toEqual(['run', 'keepalive', 'run']);
  expect(tracker.runFrames).toHaveLength(2);
  expect(tracker.gapsMs).toEqual([400]);
});

test('gaps are measured between consecutive frames of the run, up to its terminal one', () => {
  const { tracker } = track(
    [
      agent('started'),
      agent('thinking', MY_OTHER_RUN),
      agent('thinking'),
      agent('completed'),
      agent('thinking'),
    ],
    {},
    [100, 150, 250, 1250, 5000],
  );
  expect(tracker.gapsMs).toEqual([150, 1000]);
  expect(tracker.frames.map((t) => t.gapMs)).toEqual([undefined, undefined, 150, 1000, undefined]);
});

test('tool calls pair a start with the first open call of the same tool; a lone end has no start', () => {
  const { tracker } = track([
    agent('started'),
    tool('toolExecuting', 'search'),
    tool('toolExecuting', 'calc'),
    tool('toolCompleted', 'calc'),
    tool('toolCompleted', 'search'),
    tool('toolCompleted', 'mail'),
    tool('toolExecuting', 'search'),
  ]);
  const calls = tracker.toolCalls.map((c) => [c.name, c.start?.index, c.end?.index]);
  expect(calls).toEqual([
    ['search', 1, 4],
    ['calc', 2, 3],
    ['mail', undefined, 5],
    ['search', 6, undefined],
  ]);
});

test('out of order: an event before its predecessor, and a stream chunk before the start', () => {
  const chunk = { [typeKey]: E.streamTypes[0], [key('runId')]: ME.runId, [key('chunkText')]: 'x' };
  const { tracker } = track([
    chunk,
    agent('started'),
    agent('thinking'),
    agent('toolCompleted'),
    agent('toolExecuting'),
    agent('completed'),
  ]);
  expect(tracker.outOfOrder().map((o) => [o.frame.index, o.before.index])).toEqual([
    [3, 4],
    [0, 1],
  ]);
  expect(tracker.first('toolExecuting')?.index).toBe(4);
  const inOrder = track([agent('started'), agent('thinking'), agent('completed')]).tracker;
  expect(inOrder.outOfOrder()).toEqual([]);
});

test('events after the terminal one count only where asked for', () => {
  const { tracker } = track([agent('started'), agent('completed'), agent('thinking')]);
  expect(tracker.first('thinking')).toBeUndefined();
  expect(tracker.first('thinking', true)?.index).toBe(2);
});
