// `npm run history` as users run it: a series, the flakiest tests, a recorded plain run, and misuse → exit 2.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { runScript } from '../testing/run-script.ts';
import { openHistoryStore } from './location.ts';
import type { RunRecord } from './types.ts';

const ROOT = join(import.meta.dirname, '..', '..');

async function history(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await runScript(ROOT, 'scripts/history.ts', args, {}, 30_000);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
let db: string;
test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gp-history-cli-'));
  db = join(dir, 'h.db');
  const store = await openHistoryStore({ kind: 'sqlite', path: db });
  const now = Date.now();
  for (const [i, [ms, state]] of (
    [
      [150, 'passed'],
      [180, 'failed'],
      [160, 'passed'],
      [300, 'flaky'],
    ] as const
  ).entries()) {
    const at = new Date(now - (4 - i) * 3_600_000).toISOString();
    const run: RunRecord = {
      id: `run-${i}`,
      kind: 'monitor',
      environment: 'local',
      selection: '@smoke',
      startedAt: at,
      endedAt: at,
      state: 'passed',
      exitCode: 0,
      checks: [{ name: 'journey.spec.ts › asks', state, durationMs: 5, retries: state === 'flaky' ? 1 : 0 }],
      slas: [
        {
          id: 'auth.login.latency',
          status: ms > 200 ? 'degraded' : 'passed',
          measured: ms,
          target: 500,
          degraded: 200,
          unit: 'ms',
          n: 1,
        },
      ],
    };
    await store.record(run);
  }
  await store.close();
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('--check prints the series as a sparkline and a table, by id or by subject.statistic', async () => {
  const r = await history(['--history', db, '--check', 'auth.login.p95', '--since', '1d']);
  expect(r.code, r.stderr).toBe(0);
  const lines = r.stdout.split('\n');
  expect(lines[0]).toMatch(
    /^auth\.login\.latency \(p95, ≤ 500 ms, degraded past 200 ms\) since .*: 4 run\(s\) — 3 passed, 1 degraded$/,
  );
  expect(lines[1]).toBe('  ▁▂▁█  (oldest → newest)');
  expect(lines.filter((l) => / monitor +run-\d /.test(l))).toHaveLength(4);
  expect(lines.at(-2)).toMatch(/300 ms +degraded +500 ms \(degraded 200 ms\)$/);
});

test('--flaky lists the flakiest tests with their rate and strip', async () => {
  const r = await history(['--history', db, '--flaky', '--window', '10']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout.split('\n')[1]).toBe('   50 %     2/4  RPFP        journey.spec.ts › asks');
});

test('--record stores a plain Playwright run with its ledger', async () => {
  const results = join(dir, 'results.json');
  writeFileSync(
    results,
    JSON.stringify({
      stats: { startTime: new Date().toISOString(), duration: 1000 },
      errors: [],
      suites: [
        {
          title: 'a.spec.ts',
          file: 'a.spec.ts',
          specs: [
            {
              title: 'works',
              file: 'a.spec.ts',
              line: 1,
              tags: [],
              tests: [
                { projectName: 'local', status: 'expected', results: [{ status: 'passed', duration: 12 }] },
              ],
            },
          ],
        },
      ],
    }),
  );
  const r = await history(['--history', db, '--record', 'nightly', '--results', results, '--env', 'staging']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toMatch(
    /^recorded nightly run [0-9a-f-]{36} on staging: passed, 1 check\(s\), 0 SLA\(s\) → SQLite /,
  );
  const runs = await history(['--history', db, '--runs', '--env', 'staging']);
  expect(runs.stdout).toMatch(/ nightly +staging +passed +1 check\(s\), 0 failed/);
});

test('misuse is one line and exit 2', async () => {
  for (const [args, says] of [
    [['--history', db], 'give exactly one of --check <sla>, --flaky, --runs, --record <kind>'],
    [['--history', db, '--check', 'no.such.p95'], '--check: no SLA "no.such.p95" in the SLA table'],
    [['--history', db, '--runs', '--since', 'forever'], '--since must be a span'],
    [['--history', 'mysql://h/x', '--runs'], 'neither a file path nor a postgres:// URL'],
    [['--history', join(dir, 'none.db'), '--runs'], 'no history at SQLite'],
  ] as const) {
    const r = await history([...args]);
    expect(r.code, r.stdout).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringContaining(says)]);
  }
});
