// Unit tests of the streaming figures, on synthetic arrival times.
import { test, expect } from '@playwright/test';
import profile from '../../profiles/default.ts';
import type { LogicalEvent } from '../../profiles/define.ts';
import { FrameReader, type Frame } from './frames.ts';
import { computeRunTiming } from './timing.ts';

const reader = new FrameReader(profile);
const E = profile.events;
const typeKey = E.typePath[0] ?? 'type';
const answerKey = E.fields.answer[0] ?? 'answer';
const chunkKey = E.fields.chunkText[0] ?? 'text';
const SENT_AT = 1000;

const frame = (at: number, data: Record<string, unknown>): Frame => ({
  at,
  data,
  size: JSON.stringify(data).length,
  type: reader.typeOf(data),
  kind: reader.classify(data),
});
const agent = (at: number, event: LogicalEvent, extra: Record<string, unknown> = {}): Frame =>
  frame(at, { [typeKey]: E.aliases[event][0], ...extra });
const chunk = (at: number, text: string): Frame =>
  frame(at, { [typeKey]: E.streamTypes[0], [chunkKey]: text });
const keepAlive = (at: number): Frame => frame(at, { [typeKey]: profile.ws.keepAlive.ignoreTypes[0] });

test('streaming figures come from arrival times relative to the send', () => {
  const frames = [
    keepAlive(1100),
    agent(1300, 'started'),
    agent(1500, 'thinking'),
    chunk(1600, ''),
    chunk(1800, 'Ly'),
    chunk(1900, 'on'),
    chunk(2300, ','),
    agent(2400, 'toolExecuting'),
    agent(2450, 'toolCompleted'),
    agent(4000, 'completed', { [answerKey]: 'Lyon, Nantes and Lille.' }),
    agent(4100, 'thinking'),
  ];
  const timing = computeRunTiming(frames, reader, SENT_AT);
  expect(timing).toMatchObject({
    firstEventMs: 300,
    firstReasoningMs: 500,
    firstTokenMs: 800,
    completedMs: 3000,
    phaseMs: { started: 300, thinking: 500, toolExecuting: 1400, toolCompleted: 1450, completed: 3000 },
    gapsMs: [200, 100, 200, 100, 400, 100, 50, 1550],
    maxGapMs: 1550,
    chunkCount: 4,
    // Agent gaps 200, 900, 50, 1550: three of four within 0.1–10 s.
    eventSpread: 0.75,
  });
  // Four chunks over 700 ms: three intervals.
  expect(timing.streamRatePerS).toBeCloseTo(3 / 0.7, 6);
});

test('without chunks the first token is the terminal answer, and rate and spread need two samples', () => {
  const timing = computeRunTiming(
    [agent(900, 'thinking'), agent(1250, 'completed', { [answerKey]: 'Lyon.' })],
    reader,
    SENT_AT,
  );
  expect(timing).toEqual({
    firstEventMs: 250,
    firstTokenMs: 250,
    completedMs: 250,
    phaseMs: { completed: 250 },
    gapsMs: [],
    chunkCount: 0,
  });
});

test('a burst delivered at once has no spread and an empty answer no first token', () => {
  const frames = [
    agent(1200, 'started'),
    agent(1210, 'thinking'),
    agent(1220, 'completed', { [answerKey]: '' }),
  ];
  const timing = computeRunTiming(frames, reader, SENT_AT);
  expect(timing.eventSpread).toBe(0);
  expect(timing.firstTokenMs).toBeUndefined();
  expect(timing.maxGapMs).toBe(10);
  expect(computeRunTiming(frames, reader, SENT_AT, { spreadWindowMs: { min: 5, max: 50 } }).eventSpread).toBe(
    1,
  );
});

test('a failure ends the timed journey without a completion', () => {
  const failure = frame(1700, { [typeKey]: E.failureTypes[0] });
  const timing = computeRunTiming(
    [agent(1200, 'started'), failure, agent(1900, 'thinking')],
    reader,
    SENT_AT,
  );
  expect(timing.completedMs).toBeUndefined();
  expect(timing.gapsMs).toEqual([500]);
  expect(timing.phaseMs).toEqual({ started: 200 });
});
