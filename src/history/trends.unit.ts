// Baselines, regressions, flakes and the text sparkline, judged on a real (SQLite) history.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { decide } from '../gate/verdict.ts';
import {
  baselineOf,
  parseBaseline,
  parseSince,
  parseTolerance,
  regressionOf,
  HistoryArgError,
} from './baseline.ts';
import { flakeMarks, flakeStats } from './flakes.ts';
import { judgeAgainstHistory } from './judge-run.ts';
import { openHistoryStore } from './location.ts';
import { seriesTable, sparkline } from './sparkline.ts';
import type { SqlHistoryStore } from './sql-store.ts';
import type { CheckState, RunRecord, SlaPoint } from './types.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-12-10T12:00:00.000Z');
const ago = (days: number): string => new Date(NOW.getTime() - days * DAY).toISOString();

function run(
  id: string,
  at: string,
  login: number,
  over: Partial<RunRecord> = {},
  check: CheckState = 'passed',
): RunRecord {
  return {
    id,
    kind: 'gate',
    environment: 'local',
    selection: 'all',
    startedAt: at,
    endedAt: at,
    state: 'passed',
    exitCode: 0,
    checks: [
      { name: 'journey.spec.ts › asks', state: check, durationMs: 10, retries: check === 'flaky' ? 1 : 0 },
    ],
    slas: [
      {
        id: 'auth.login.latency',
        status: 'passed',
        measured: login,
        target: 500,
        degraded: 200,
        unit: 'ms',
        n: 1,
      },
    ],
    ...over,
  };
}

let dir: string;
let store: SqlHistoryStore;
test.beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gp-trends-'));
  store = await openHistoryStore({ kind: 'sqlite', path: join(dir, 'h.db') });
});
test.afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the flags: baselines, tolerances and spans are read or refused in one line', () => {
  expect(parseBaseline('last-green')).toEqual({ kind: 'last-green' });
  expect(parseBaseline('7d-median')).toEqual({ kind: 'median', days: 7 });
  expect(() => parseBaseline('median')).toThrow(HistoryArgError);
  expect(parseTolerance('20%')).toBeCloseTo(0.2);
  expect(parseTolerance('5')).toBeCloseTo(0.05);
  expect(() => parseTolerance('-3%')).toThrow('--tolerance must be a percentage');
  expect(parseSince('7d')).toBe(7 * DAY);
  expect(() => parseSince('7 days')).toThrow('--since must be a span');
});

test('last-green is the newest passed run; a median skips failed points and older ones', () => {
  const p = (
    runId: string,
    at: string,
    measured: number,
    runState: SlaPoint['runState'],
    status: SlaPoint['status'] = 'passed',
  ): SlaPoint => ({
    runId,
    at,
    measured,
    status,
    runState,
    target: 500,
    unit: 'ms',
    kind: 'gate',
  });
  const points = [
    p('a', ago(9), 50, 'passed'),
    p('b', ago(3), 100, 'passed'),
    p('c', ago(2), 900, 'failed', 'failed'),
    p('d', ago(1), 120, 'degraded'),
    p('e', ago(0.5), 140, 'passed'),
  ];
  expect(baselineOf(points, { kind: 'last-green' }, NOW)?.value).toBe(140);
  expect(baselineOf(points, { kind: 'median', days: 7 }, NOW)).toEqual({
    value: 120,
    basis: '7d-median of 3 run(s)',
  });
  expect(baselineOf([], { kind: 'last-green' }, NOW)).toBeUndefined();
});

test('a regression beyond the tolerance is named with SLA, baseline and value, while the SLA still passes', () => {
  const sla = {
    id: 'auth.login.latency',
    status: 'passed' as const,
    measured: 312,
    target: 500,
    unit: 'ms',
    n: 3,
  };
  const r = regressionOf(sla, 'local', { value: 180, basis: 'last-green: run abc at x' }, 0.2);
  expect(r?.line).toBe(
    'SLA auth.login.latency regressed on local: 312 ms vs baseline 180 ms (last-green: run abc at x) is 73 % worse, beyond the tolerance of 20 % (the SLA itself, ≤ 500 ms, still passes)',
  );
  expect(r?.finding.class).toBe('F37');
  // Within the tolerance, a failed SLA (already red) and a reported SLA are not regressions.
  expect(regressionOf({ ...sla, measured: 210 }, 'local', { value: 180, basis: '' }, 0.2)).toBeUndefined();
  expect(
    regressionOf({ ...sla, status: 'failed', measured: 900 }, 'local', { value: 180, basis: '' }, 0.2),
  ).toBeUndefined();
  expect(
    regressionOf({ ...sla, id: 'agent.stream.rate' }, 'local', { value: 1, basis: '' }, 0.2),
  ).toBeUndefined();
  // A min SLA regresses downwards.
  const spread = {
    id: 'agent.events.spread',
    status: 'passed' as const,
    measured: 0.75,
    target: 0.7,
    unit: 'ratio',
    n: 1,
  };
  expect(regressionOf(spread, 'local', { value: 1, basis: '' }, 0.2)?.change).toBeCloseTo(0.25);
});

test('the gate fails on a regression against the stored baseline, with its own class and one line', async () => {
  for (const [i, v] of [150, 160, 170].entries()) await store.record(run(`r${i}`, ago(3 - i), v));
  const judged = await judgeAgainstHistory(store, {
    environment: 'local',
    kind: 'gate',
    slas: [
      {
        id: 'auth.login.latency',
        status: 'degraded',
        measured: 260,
        target: 500,
        degraded: 200,
        unit: 'ms',
        n: 1,
      },
    ],
    checks: [],
    baseline: { kind: 'median', days: 7 },
    tolerance: 0.2,
    flakeWindow: 3,
    now: NOW,
  });
  expect(judged.regressions.map((r) => r.line)).toEqual([
    'SLA auth.login.latency regressed on local: 260 ms vs baseline 160 ms (7d-median of 3 run(s)) is 63 % worse, beyond the tolerance of 20 % (the SLA itself, ≤ 500 ms, still passes)',
  ]);
  const verdict = decide({
    environment: 'local',
    startedAt: ago(0),
    endedAt: ago(0),
    harnessCommit: 'x',
    targetVersions: {},
    tests: [{ title: 't', file: 'f', line: 1, project: 'local', tags: [], outcome: 'passed', attempts: 1 }],
    runErrors: [],
    slas: [],
    notMeasured: [],
    flaky: { blocks: 'all' },
    historyFindings: judged.regressions.map((r) => ({ line: r.line, finding: r.finding })),
  });
  expect(verdict.exitCode).toBe(1);
  expect(verdict.reasons).toEqual([judged.regressions[0]?.line]);
  expect(verdict.likelyCauses.map((c) => c.id)).toEqual(['F37']);
  expect(verdict.historyFindings?.[0]?.code).toBe('regression.auth.login.latency');
});

test('flakes: a retry pass or a lone failure between passes counts; an outage does not', () => {
  expect(flakeMarks(['passed', 'failed', 'passed', 'flaky', 'failed', 'failed', 'passed'])).toEqual([
    false,
    true,
    false,
    true,
    false,
    false,
    false,
  ]);
  const runs = ['passed', 'failed', 'passed', 'flaky', 'passed'].map((s, i) =>
    run(`r${i}`, ago(i), 100, {}, s as CheckState),
  );
  runs[0]?.checks.push({ name: 'stable › test', state: 'passed', durationMs: 1, retries: 0 });
  const stats = flakeStats(runs, 10);
  expect(stats[0]).toEqual({ name: 'journey.spec.ts › asks', runs: 5, flakes: 2, rate: 0.4, strip: 'PFPRP' });
  expect(stats[1]).toMatchObject({ name: 'stable › test', rate: 0 });
});

test('a new flake (flaky now, clean for the last N runs) is a reason; a known or unproven one is not', async () => {
  for (let i = 0; i < 3; i++) await store.record(run(`r${i}`, ago(5 - i), 100));
  const input = {
    environment: 'local',
    kind: 'gate' as const,
    slas: [],
    tolerance: 0.2,
    flakeWindow: 3,
    now: NOW,
  };
  const flaky = [{ name: 'journey.spec.ts › asks', state: 'flaky' as const, durationMs: 1, retries: 1 }];
  const fresh = await judgeAgainstHistory(store, { ...input, checks: flaky });
  expect(fresh.flakes.fresh.map((f) => f.line)).toEqual([
    'new flake: journey.spec.ts › asks passed only on retry 1, after passing cleanly in its last 3 runs on local',
  ]);
  expect(fresh.flakes.fresh[0]?.finding.class).toBe('F38');
  // Too short a history: reported, not blocking.
  const short = await judgeAgainstHistory(store, { ...input, flakeWindow: 5, checks: flaky });
  expect(short.flakes.fresh).toEqual([]);
  expect(short.flakes.unknown).toEqual([
    'flaky now, history too short to call it new (3 of 5 runs recorded): journey.spec.ts › asks',
  ]);
  // Already flaky in the window: not new.
  await store.record(run('r3', ago(1), 100, {}, 'flaky'));
  expect((await judgeAgainstHistory(store, { ...input, checks: flaky })).flakes.fresh).toEqual([]);
});

test('the series as text: a sparkline and a table', () => {
  expect(sparkline([100, 200, null, 800])).toBe('▁▂·█');
  expect(sparkline([5, 5])).toBe('▄▄');
  const table = seriesTable([
    {
      runId: 'abcdef123456',
      at: '2026-12-01T10:00:00.000Z',
      measured: 150,
      status: 'passed',
      target: 500,
      degraded: 200,
      unit: 'ms',
      runState: 'passed',
      kind: 'gate',
    },
  ]);
  expect(table.split('\n')[2]).toBe(
    '2026-12-01 10:00:00Z  gate  abcdef12  150 ms    passed  500 ms (degraded 200 ms)',
  );
});
