// Unit tests of the engine-neutral session driver: scripted frames (named through the default profile), a fake
// socket and clock; what each step sends and records.
import { expect, test } from '@playwright/test';
import profile from '../../profiles/default.ts';
import type { EventField, LogicalEvent } from '../../profiles/define.ts';
import { buildSlaTable } from '../../src/config/sla-table.ts';
import { FrameReader } from '../../src/protocol/frames.ts';
import { matches } from '../../src/protocol/json-path.ts';
import { M, type MetricDefinition } from '../lib/metrics.ts';
import { CLOSE_CODES, SessionDriver, type SessionSpec } from '../lib/session.ts';
import { k6CloseProblem } from './k6-shim.ts';

const STREAM = profile.events.streamTypes[0] as string;

const reader = new FrameReader(profile);
const E = profile.events;
const typeKey = E.typePath[0] ?? 'type';
const key = (field: EventField): string => E.fields[field][0] ?? field;
const ME = 'user-me';
const OTHER = 'user-other';

function readyFrame(userId = ME): string {
  const data: Record<string, unknown> = { ...profile.ws.ready.match };
  data[profile.ws.ready.userIdPath[0] ?? 'user'] = userId;
  return JSON.stringify(data);
}

let n = 0;
function event(kind: LogicalEvent, userId = ME, runId = 'run-1', threadId = `thread-${runId}`): string {
  n++;
  const data: Record<string, unknown> = {
    [typeKey]: E.aliases[kind][0],
    [key('eventId')]: `e${n}`,
    [key('timestamp')]: new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString(),
    [key('userId')]: userId,
    [key('threadId')]: threadId,
    [key('runId')]: runId,
    [key('agentName')]: 'supervisor',
    [key('toolName')]: 'lookup',
    [key('results')]: [1],
    [key('answer')]: 'the answer',
    [key('duration')]: 10,
  };
  return JSON.stringify(data);
}
const RUN: LogicalEvent[] = ['started', 'thinking', 'toolExecuting', 'toolCompleted', 'completed'];

class Recorder {
  readonly values = new Map<string, (number | boolean)[]>();
  add(metric: MetricDefinition, value: number | boolean): void {
    this.values.set(metric.name, [...(this.values.get(metric.name) ?? []), value]);
  }
  of(metric: MetricDefinition): (number | boolean)[] {
    return this.values.get(metric.name) ?? [];
  }
  sum(metric: MetricDefinition): number {
    return this.of(metric).reduce<number>((a, b) => a + Number(b), 0);
  }
}

function setup(overrides: Partial<SessionSpec> = {}, socket = { open: true }) {
  const sent: unknown[] = [];
  const closes: number[] = [];
  const reasons: string[] = [];
  const sink = new Recorder();
  const problems: string[] = [];
  let ended = 0;
  const spec: SessionSpec = {
    reader,
    sla: buildSlaTable({}),
    environment: 'unit',
    question: 'Q1',
    followUp: 'Q2',
    startedAt: 0,
    holdUntil: 60_000,
    connectTimeoutMs: 1000,
    agentTimeoutMs: 5000,
    gracefulStopMs: 2000,
    pingEveryMs: 10_000,
    askEveryMs: 0,
    expectedUserId: ME,
    journeyStartedAt: -100,
    ...overrides,
  };
  const driver = new SessionDriver(
    spec,
    {
      send: (t) => sent.push(JSON.parse(t)),
      // A socket still connecting refuses the close (k6 would block on it).
      close: (code, reason) => {
        if (!socket.open) return false;
        closes.push(code);
        reasons.push(reason);
        return true;
      },
    },
    sink,
    {
      error: (p) => problems.push(p),
      ended: () => void ended++,
    },
  );
  return { driver, sent, closes, reasons, sink, problems, ended: () => ended };
}

/** Plays a full run: each event 200 ms after the previous one, from `t`. */
function playRun(driver: SessionDriver, t: number, userId = ME, runId = 'run-1', threadId?: string): number {
  let at = t;
  for (const kind of RUN) driver.onMessage(event(kind, userId, runId, threadId), (at += 200));
  return at;
}

test('ready frame, question, answer: handshake, journey and run metrics', () => {
  const { driver, sent, sink } = setup();
  driver.onOpen();
  driver.onMessage(readyFrame(), 50);
  expect(sink.of(M.handshakeOk)).toEqual([true]);
  expect(sink.of(M.handshake)).toEqual([50]);
  // The question goes as soon as the ready frame arrived, rendered from the profile's template.
  expect(sent).toHaveLength(1);
  expect(JSON.stringify(sent[0])).toContain('Q1');
  playRun(driver, 50);
  expect(sink.of(M.eventsComplete)).toEqual([true]);
  expect(sink.of(M.journeyOk)).toEqual([true]);
  expect(sink.of(M.firstEvent)).toEqual([200]);
  expect(sink.of(M.run)).toEqual([1000]);
  // login started at -100: journey = 100 + 50 + 1000
  expect(sink.of(M.journey)).toEqual([1150]);
});

test('a frame naming another user is an isolation breach and fails the run', () => {
  const { driver, sink, problems } = setup();
  driver.onOpen();
  driver.onMessage(readyFrame(), 10);
  driver.onMessage(event('started', OTHER, 'run-x'), 20);
  // The leaked terminal event must not end this user's run early.
  driver.onMessage(event('completed', OTHER, 'run-x'), 30);
  expect(sink.of(M.eventsComplete)).toEqual([]);
  playRun(driver, 40);
  expect(sink.sum(M.isolation)).toBe(2);
  expect(sink.of(M.eventsComplete)).toEqual([false]);
  expect(problems.some((p) => p.includes('isolation breach') && p.includes(OTHER))).toBe(true);
});

test('a ready frame for another user than the login is a breach too', () => {
  const { driver, sink } = setup();
  driver.onOpen();
  driver.onMessage(readyFrame(OTHER), 10);
  expect(sink.sum(M.isolation)).toBe(1);
});

test("a frame with no user id carrying another user's request marker is a breach; the same user's is not", () => {
  const { driver, sent, sink, problems } = setup({ userKey: 'u1' });
  driver.onOpen();
  driver.onMessage(readyFrame(), 10);
  // The question carries this session's marker.
  expect(JSON.stringify(sent[0])).toMatch(/Q1 \(gpmark-u1-[0-9a-f]{12}\)/);
  driver.onMessage(JSON.stringify({ [typeKey]: STREAM, content: 'Q1 (gpmark-u1-0123456789ab)' }), 20);
  expect(sink.sum(M.isolation)).toBe(0);
  driver.onMessage(JSON.stringify({ [typeKey]: STREAM, content: 'Q1 (gpmark-u2-0123456789ab)' }), 30);
  expect(sink.sum(M.isolation)).toBe(1);
  expect(problems.join('\n')).toContain('gpmark-u2-0123456789ab reached user u1');
  // Neither leaked frame is taken as this run's.
  playRun(driver, 40);
  expect(sink.of(M.eventsComplete)).toEqual([true]);
});

test('no terminal event within the agent timeout fails the run', () => {
  const { driver, sink, problems } = setup();
  driver.onOpen();
  driver.onMessage(readyFrame(), 10);
  driver.onMessage(event('started'), 100);
  expect(driver.wakeAt).toBe(10 + 5000);
  driver.tick(5010);
  expect(sink.of(M.eventsComplete)).toEqual([false]);
  expect(sink.of(M.journeyOk)).toEqual([false]);
  expect(problems.join('\n')).toContain('within 5000 ms');
});

test('a 1011 close mid-run counts the close, fails the run and drops the session', () => {
  const { driver, sink } = setup();
  driver.onOpen();
  driver.onMessage(readyFrame(), 10);
  driver.onClose(1011, 500);
  expect(sink.sum(M.close1011)).toBe(1);
  expect(sink.of(M.journeyOk)).toEqual([false]);
  expect(sink.sum(M.sessionsDropped)).toBe(1);
  expect(driver.done).toBe(true);
});

test('a first frame that is not the ready frame fails the handshake', () => {
  const { driver, sink, closes } = setup();
  driver.onOpen();
  driver.onMessage(event('started'), 10);
  expect(sink.of(M.handshakeOk)).toEqual([false]);
  expect(closes).toHaveLength(1);
});

test('no ready frame within the connect timeout fails the handshake', () => {
  const { driver, sink } = setup();
  expect(driver.wakeAt).toBe(1000);
  driver.tick(1000);
  expect(sink.of(M.handshakeOk)).toEqual([false]);
  expect(sink.of(M.handshake)).toEqual([]);
});

test('held: heartbeats at the pace, further questions after each answer, closed at the window end', () => {
  const { driver, sent, sink, closes } = setup({ holdUntil: 30_000, askEveryMs: 8000, pingEveryMs: 10_000 });
  driver.onOpen();
  driver.onMessage(readyFrame(), 0);
  const end = playRun(driver, 0);
  expect(driver.wakeAt).toBe(end + 8000);
  driver.tick(end + 8000);
  expect(JSON.stringify(sent.at(-1))).toContain('Q2');
  // The follow-up stays in the first run's thread (a run in another thread is 'thread-not-kept').
  playRun(driver, end + 8000, ME, 'run-2', 'thread-run-1');
  driver.tick(10_000);
  expect(
    sent.filter((m) => matches(m, profile.ws.keepAlive.clientPing as Record<string, string>)),
  ).toHaveLength(1);
  expect(sink.sum(M.pings)).toBe(1);
  driver.tick(30_000);
  expect(sink.sum(M.sessionsHeld)).toBe(1);
  expect(closes).toEqual([1000]);
  expect(sink.of(M.journeyOk)).toEqual([true, true]);
  // Only the first run of a session that logged in is a journey (login → answer).
  expect(sink.of(M.journey)).toHaveLength(1);
  driver.onClose(1000, 30_010);
  expect(sink.sum(M.sessionsDropped)).toBe(0);
});

test('the follow-up carries the thread id the first run reported', () => {
  const { driver, sent } = setup({ askEveryMs: 1 });
  driver.onOpen();
  driver.onMessage(readyFrame(), 0);
  const end = playRun(driver, 0);
  driver.tick(end + 1);
  expect(JSON.stringify(sent[1])).toContain('thread-run-1');
  expect(JSON.stringify(sent[1])).toContain('Q2');
});

test('a stop interrupts the run in progress without failing it', () => {
  const { driver, sink, closes } = setup();
  driver.onOpen();
  driver.onMessage(readyFrame(), 0);
  driver.onMessage(event('started'), 100);
  driver.stop(200);
  expect(sink.sum(M.runsInterrupted)).toBe(1);
  expect(sink.of(M.journeyOk)).toEqual([]);
  expect(closes).toEqual([CLOSE_CODES.stopped]);
});

test('every close the driver sends uses a code and reason k6 accepts (1000 or 3000–4999)', () => {
  const codes: number[] = [];
  const check = ({ closes, reasons }: ReturnType<typeof setup>): void => {
    for (const [i, code] of closes.entries()) {
      expect(k6CloseProblem(code, reasons[i]), `close ${code}`).toBeUndefined();
      codes.push(code);
    }
  };
  const unexpected = setup();
  unexpected.driver.onOpen();
  unexpected.driver.onMessage(event('started'), 10);
  check(unexpected);
  const timeout = setup();
  timeout.driver.onOpen();
  timeout.driver.tick(1000);
  check(timeout);
  const held = setup({ holdUntil: 10_000 });
  held.driver.onOpen();
  held.driver.onMessage(readyFrame(), 0);
  playRun(held.driver, 0);
  held.driver.tick(10_000);
  check(held);
  const stopped = setup();
  stopped.driver.onOpen();
  stopped.driver.stop(5);
  check(stopped);
  expect(codes).toEqual([
    CLOSE_CODES.unexpectedFrame,
    CLOSE_CODES.normal,
    CLOSE_CODES.normal,
    CLOSE_CODES.stopped,
  ]);
  // What the driver used to send: k6 throws on both.
  expect(k6CloseProblem(1001)).toMatch(/InvalidAccessError/);
  expect(k6CloseProblem(1002)).toMatch(/InvalidAccessError/);
});

test('a connect timeout while the socket is still connecting ends the session at once, nothing to close', () => {
  const { driver, sink, closes, ended } = setup({}, { open: false });
  driver.tick(1000);
  expect(driver.done).toBe(true);
  expect(driver.wakeAt).toBe(Infinity);
  expect(closes).toEqual([]);
  expect(ended()).toBe(1);
  expect(sink.of(M.handshakeOk)).toEqual([false]);
  // The dial failing afterwards (the adapter dropping it) is not a second failure.
  driver.onUpgradeFailed(1200, 'upgrade answered 503 (expected 101)', 503);
  expect(sink.of(M.handshakeOk)).toEqual([false]);
  expect(sink.sum(M.http5xx)).toBe(0);
  expect(ended()).toBe(1);
});

test('a stop while connecting ends the session without judging the handshake', () => {
  const { driver, sink, closes } = setup({}, { open: false });
  driver.stop(10);
  expect(driver.done).toBe(true);
  expect(closes).toEqual([]);
  expect(sink.of(M.handshakeOk)).toEqual([]);
});
