// The monitor's loop with a scripted run: one at a time, crashes recorded, deadlines kept, stops gracefully.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { openHistoryStore } from '../history/location.ts';
import type { RunRecord, RunState } from '../history/types.ts';
import { Monitor, type MonitorRunEvent, type MonitorOptions } from './loop.ts';
import { crashedRecord } from './smoke-run.ts';
import { parseEvery } from './cadence.ts';

const record = (state: RunState): RunRecord => {
  const at = new Date().toISOString();
  return {
    id: `${state}-${Math.random()}`,
    kind: 'monitor',
    environment: 'local',
    selection: '@smoke',
    startedAt: at,
    endedAt: at,
    state,
    exitCode: 0,
    checks: [],
    slas: [],
  };
};

function monitor(script: Array<RunState | 'throw' | 'hang'>, over: Partial<MonitorOptions> = {}) {
  let inFlight = 0;
  let most = 0;
  let i = 0;
  const m = new Monitor({
    everyMs: 20,
    jitterMs: 5,
    deadlineMs: 50,
    graceMs: 10,
    once: false,
    random: () => 0.5,
    crashed: (at, reason) => crashedRecord('local', '@smoke', at, reason),
    execute: async () => {
      const step = script[i++] ?? 'passed';
      inFlight++;
      most = Math.max(most, inFlight);
      try {
        if (step === 'throw') throw new Error('spawn ENOENT');
        await new Promise((r) => setTimeout(r, step === 'hang' ? 1000 : 30));
        return record(step === 'hang' ? 'passed' : step);
      } finally {
        inFlight--;
      }
    },
    ...over,
  });
  const events: MonitorRunEvent[] = [];
  m.onRun((e) => {
    events.push(e);
    if (events.length === script.length) m.stop();
  });
  return { m, events, most: () => most };
}

test('runs follow one another, never overlap, and each is announced with its state change', async () => {
  const { m, events, most } = monitor(['passed', 'failed', 'failed', 'passed']);
  await m.start();
  expect(most()).toBe(1);
  expect(events.map((e) => [e.sequence, e.run.state, e.previous, e.changed])).toEqual([
    [1, 'passed', undefined, true],
    [2, 'failed', 'passed', true],
    [3, 'failed', 'failed', false],
    [4, 'passed', 'failed', true],
  ]);
});

test('a run that throws or outlives its deadline is a crashed record, and the monitor goes on', async () => {
  const { m, events } = monitor(['throw', 'hang', 'passed']);
  await m.start();
  expect(events.map((e) => e.run.state)).toEqual(['crashed', 'crashed', 'passed']);
  expect(events[0]?.run.findings?.[0]?.summary).toBe('monitor run crashed: spawn ENOENT');
  expect(events[1]?.run.findings?.[0]?.summary).toBe(
    'monitor run crashed: the run did not end within its deadline of 50 ms',
  );
});

test('every run is recorded in the history; a graceful stop lets the run under way finish', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gp-monitor-'));
  const store = await openHistoryStore({ kind: 'sqlite', path: join(dir, 'h.db') });
  try {
    const { m, events } = monitor(['passed', 'degraded', 'passed'], { store });
    await m.start();
    expect((await store.runs({ kind: 'monitor' })).map((r) => r.state)).toEqual([
      'passed',
      'degraded',
      'passed',
    ]);
    expect(events.every((e) => e.recordError === undefined)).toBe(true);
    // A stop while a run is under way: that run still ends and is recorded, no other starts.
    const once = monitor(['failed', 'failed'], { store });
    const done = once.m.start();
    setTimeout(() => once.m.stop(), 5);
    await done;
    expect(once.events.map((e) => [e.run.state, e.previous])).toEqual([['failed', 'passed']]);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--once runs one and returns', async () => {
  const { m, events } = monitor(['failed', 'passed'], { once: true });
  await m.start();
  expect(events).toHaveLength(1);
});

test('intervals are read or refused in one line', () => {
  expect(parseEvery('--every', '10s', 5000)).toBe(10_000);
  expect(parseEvery('--every', '5m', 5000)).toBe(300_000);
  expect(() => parseEvery('--every', '1s', 5000)).toThrow(
    '--every must be an interval such as 10s, 5m or 1h, at least 5 s, got "1s"',
  );
  expect(() => parseEvery('--every', 'often', 5000)).toThrow('--every must be an interval');
});
