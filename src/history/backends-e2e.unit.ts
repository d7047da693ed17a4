// The history paths end to end, the same test body on SQLite and on a real Postgres (a throwaway cluster; skipped,
// with the reason, where PostgreSQL is not installed): the gate judges a run against the history it reads
// (--baseline last-green) and records it, and `npm run history` reads it back — series, runs and trace id.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { findPostgres, startPostgres, type PostgresCluster } from '../testing/postgres-cluster.ts';
import { runScript } from '../testing/run-script.ts';
import { describeTarget, openHistoryStore, type HistoryTarget } from './location.ts';
import type { RunRecord } from './types.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

/** An earlier green gate run whose health latency no real run can match: the next run regresses against it. */
function seedRun(): RunRecord {
  const at = new Date(Date.now() - 3_600_000).toISOString();
  return {
    id: 'seed-green',
    kind: 'gate',
    environment: 'local',
    selection: 'seed',
    startedAt: at,
    endedAt: at,
    state: 'passed',
    exitCode: 0,
    checks: [{ name: 'health.spec.ts › seed', state: 'passed', durationMs: 5, retries: 0 }],
    slas: [{ id: 'health.latency', status: 'passed', measured: 0.001, target: 5000, unit: 'ms', n: 20 }],
  };
}

/** The test body, whatever the backend: `location` is what a user passes to --history. */
async function historyEndToEnd(target: HistoryTarget, location: string): Promise<void> {
  const seed = await openHistoryStore(target);
  await seed.record(seedRun());
  await seed.close();

  const out = mkdtempSync(join(tmpdir(), 'gp-history-e2e-'));
  try {
    const gate = await test.step('the gate reads its baseline from the history and records the run', () =>
      runScript(
        ROOT,
        'scripts/gate.ts',
        [
          ...['--env', 'local', '--out', out, '--history', location],
          ...['--baseline', 'last-green', '--tolerance', '20%'],
          ...['--', 'tests/infra/health.spec.ts', '--grep', 'are live'],
        ],
        {},
        120_000,
      ));
    const said = `${gate.stdout}\n${gate.stderr}`;
    // Red for the regression alone: the SLA itself passes, the test passed.
    expect(gate.status, said).toBe(1);
    expect(said).toMatch(
      /SLA health\.latency regressed on local: .* vs baseline 0 ms \(last-green: run seed-gre/,
    );
    expect(said).toContain('tests: 1 passed, 0 failed');
    expect(said).toContain(`history: recorded in ${describeTarget(target)}`);

    const store = await openHistoryStore(target);
    const runs = await store.runs({ environment: 'local' });
    await store.close();
    expect(runs.map((r) => r.kind)).toEqual(['gate', 'gate']);
    const recorded = runs[0] as RunRecord;
    expect(recorded.state).toBe('failed');
    expect(recorded.findings?.map((f) => f.class)).toContain('F37');
    expect(recorded.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(recorded.checks[0]?.traceId).toBe(recorded.traceId);

    await test.step('npm run history reads the same rows back', async () => {
      const series = await runScript(
        ROOT,
        'scripts/history.ts',
        [...['--history', location, '--check', 'health.latency', '--since', '1d']],
        {},
      );
      expect(series.status, series.stderr).toBe(0);
      expect(series.stdout.split('\n')[0]).toMatch(/^health\.latency .*: 2 run\(s\) — 2 passed$/);
      const list = await runScript(ROOT, 'scripts/history.ts', ['--history', location, '--runs'], {});
      expect(list.status, list.stderr).toBe(0);
      expect(list.stdout).toMatch(/ gate +local +failed /);
      expect(list.stdout).toMatch(/ gate +local +passed /);
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

test.describe('history end to end on SQLite', () => {
  let dir: string;
  test.beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gp-history-e2e-db-'));
  });
  test.afterAll(() => rmSync(dir, { recursive: true, force: true }));
  test('gate and history CLI against the store', async () => {
    test.setTimeout(180_000);
    const path = join(dir, 'history.db');
    await historyEndToEnd({ kind: 'sqlite', path }, path);
  });
});

test.describe('history end to end on Postgres', () => {
  const found = findPostgres();
  let cluster: PostgresCluster | undefined;
  test.beforeAll(async () => {
    test.skip('missing' in found, 'missing' in found ? `n/a: ${found.missing}` : '');
    if ('bin' in found) {
      cluster = await startPostgres(found.bin);
      console.log(`history end to end: Postgres backend ran on ${cluster.version}`);
    }
  });
  test.afterAll(() => cluster?.stop());
  test('gate and history CLI against the store', async () => {
    test.setTimeout(180_000);
    if (!cluster) throw new Error('no Postgres cluster');
    const url = cluster.createDatabase(`e2e_${process.pid}`);
    test.info().annotations.push({ type: 'backend', description: cluster.version });
    await historyEndToEnd({ kind: 'postgres', url }, url);
  });
});
