// The history store's one test suite, run on SQLite always and on Postgres against a real throwaway cluster.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { finding } from '../diagnosis/finding.ts';
import { findPostgres, startPostgres, type PostgresCluster } from '../testing/postgres-cluster.ts';
import { rejection } from '../testing/rejection.ts';
import { MIGRATIONS, HistorySchemaError } from './migrations.ts';
import { openHistoryStore, type HistoryTarget } from './location.ts';
import type { SqlHistoryStore } from './sql-store.ts';
import type { AlertRecord, RunRecord } from './types.ts';

function run(id: string, startedAt: string, over: Partial<RunRecord> = {}): RunRecord {
  return {
    id,
    kind: 'gate',
    environment: 'local',
    selection: '@smoke',
    startedAt,
    endedAt: startedAt,
    state: 'passed',
    exitCode: 0,
    checks: [{ name: 'login.spec.ts › logs in', state: 'passed', durationMs: 120, retries: 0 }],
    slas: [
      {
        id: 'auth.login.latency',
        status: 'passed',
        measured: 150,
        target: 500,
        degraded: 200,
        unit: 'ms',
        n: 1,
      },
    ],
    ...over,
  };
}

interface Backend {
  name: string;
  /** A fresh, empty store location for one test. */
  fresh(label: string): HistoryTarget;
}

let fresh = 0;

function storeSuite(backend: () => Backend): void {
  let store: SqlHistoryStore;
  let target: HistoryTarget;
  test.beforeEach(async () => {
    const info = test.info();
    target = backend().fresh(`t_${process.pid}_${++fresh}`);
    store = await openHistoryStore(target);
    info.annotations.push({ type: 'backend', description: backend().name });
  });
  test.afterEach(async () => {
    await store.close();
  });

  test('migrations are numbered, all applied, and applying them again changes nothing', async () => {
    expect(await store.schemaVersion()).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
    const again = await openHistoryStore(target);
    expect(await again.schemaVersion()).toBe(MIGRATIONS.length);
    await again.close();
  });

  test('a store newer than the harness is refused with the versions named', async () => {
    await store.record(run('r1', '2026-12-01T10:00:00.000Z'));
    const newer = [
      ...MIGRATIONS,
      { version: 99, name: 'future', sql: 'CREATE TABLE future_table (x INTEGER)' },
    ];
    const { migrate } = await import('./migrations.ts');
    // Applied through a second connection: the harness that knows less must then refuse it.
    const db =
      target.kind === 'sqlite'
        ? (await import('./sqlite-db.ts')).openSqlite(target.path)
        : await (await import('./postgres-db.ts')).openPostgres(target.url);
    await migrate(db, newer);
    await db.close();
    const error = await rejection(openHistoryStore(target), HistorySchemaError);
    expect(error.message).toContain('schema version 99; this harness knows up to 2');
  });

  test('a run round-trips whole: checks with their findings, SLAs with their degraded state, run findings', async () => {
    const f = finding('F1', 'sla.auth.login.latency', 'login 900 ms > 500 ms', ['p95 of 3']);
    const record = run('r1', '2026-12-01T10:00:00.000Z', {
      state: 'failed',
      exitCode: 1,
      harnessCommit: 'abc123',
      checks: [
        {
          name: 'a › fails',
          state: 'failed',
          durationMs: 900.5,
          retries: 0,
          finding: f,
          traceId: 't1',
          requestId: 'q1',
        },
        { name: 'b › flaky', state: 'flaky', durationMs: 50, retries: 1 },
      ],
      slas: [
        {
          id: 'auth.login.latency',
          status: 'failed',
          measured: 900,
          target: 500,
          degraded: 200,
          unit: 'ms',
          n: 3,
          finding: f,
        },
        {
          id: 'tls.cert.days_left',
          status: 'degraded',
          measured: 20,
          target: 14,
          degraded: 30,
          unit: 'days',
          n: 1,
        },
        { id: 'health.latency', status: 'unmeasured', measured: null, target: 5000, unit: 'ms', n: 0 },
      ],
      findings: [finding('F37', 'regression.health.latency', 'health.latency regressed')],
    });
    await store.record(record);
    const [back] = await store.runs();
    expect(back).toEqual({
      ...record,
      checks: [...record.checks],
      slas: [...record.slas].sort((a, b) => a.id.localeCompare(b.id)),
    });
  });

  test('runs come newest first, filtered by environment, kind, selection, since and limit', async () => {
    await store.record(run('a', '2026-12-01T10:00:00.000Z'));
    await store.record(run('b', '2026-12-02T10:00:00.000Z', { kind: 'nightly' }));
    await store.record(run('c', '2026-12-03T10:00:00.000Z', { environment: 'staging' }));
    await store.record(
      run('d', '2026-12-04T10:00:00.000Z', { kind: 'load', selection: 'load:ws-concurrency' }),
    );
    const ids = async (q: Parameters<typeof store.runs>[0]): Promise<string[]> =>
      (await store.runs(q)).map((r) => r.id);
    expect(await ids({})).toEqual(['d', 'c', 'b', 'a']);
    expect(await ids({ environment: 'local' })).toEqual(['d', 'b', 'a']);
    expect(await ids({ kind: 'nightly' })).toEqual(['b']);
    expect(await ids({ kind: ['gate', 'nightly'] })).toEqual(['c', 'b', 'a']);
    expect(await ids({ selection: 'load:ws-concurrency' })).toEqual(['d']);
    expect(await ids({ since: new Date('2026-12-02T00:00:00.000Z') })).toEqual(['d', 'c', 'b']);
    expect(await ids({ limit: 2 })).toEqual(['d', 'c']);
  });

  test('recording a run id again replaces the run, never doubles it', async () => {
    await store.record(run('a', '2026-12-01T10:00:00.000Z'));
    await store.record(run('a', '2026-12-01T10:00:00.000Z', { state: 'failed', checks: [] }));
    const all = await store.runs();
    expect(all).toHaveLength(1);
    expect(all[0]?.state).toBe('failed');
    expect(all[0]?.checks).toEqual([]);
  });

  test('an SLA series is oldest first, one point per run, with its status and the run state', async () => {
    await store.record(run('a', '2026-12-01T10:00:00.000Z'));
    await store.record(
      run('b', '2026-12-02T10:00:00.000Z', {
        state: 'degraded',
        slas: [
          {
            id: 'auth.login.latency',
            status: 'degraded',
            measured: 300,
            target: 500,
            degraded: 200,
            unit: 'ms',
            n: 1,
          },
        ],
      }),
    );
    await store.record(run('c', '2026-12-03T10:00:00.000Z', { environment: 'staging' }));
    const points = await store.series('auth.login.latency', { environment: 'local' });
    expect(points.map((p) => [p.runId, p.measured, p.status, p.runState])).toEqual([
      ['a', 150, 'passed', 'passed'],
      ['b', 300, 'degraded', 'degraded'],
    ]);
    expect(points[0]).toMatchObject({ target: 500, degraded: 200, unit: 'ms', kind: 'gate' });
    expect(await store.series('no.such.sla')).toEqual([]);
  });

  test('a check history is newest first and carries the finding of each failure', async () => {
    const f = finding('F7', 'http.5xx', 'login answered 503');
    await store.record(run('a', '2026-12-01T10:00:00.000Z'));
    await store.record(
      run('b', '2026-12-02T10:00:00.000Z', {
        checks: [
          { name: 'login.spec.ts › logs in', state: 'failed', durationMs: 10, retries: 0, finding: f },
        ],
      }),
    );
    const points = await store.checkHistory('login.spec.ts › logs in', { limit: 5 });
    expect(points).toEqual([
      { runId: 'b', at: '2026-12-02T10:00:00.000Z', state: 'failed', finding: f },
      { runId: 'a', at: '2026-12-01T10:00:00.000Z', state: 'passed' },
    ]);
  });

  test('the last alert of a subject is the newest one', async () => {
    expect(await store.lastAlert('local', 'run')).toBeUndefined();
    const alert = (over: Partial<AlertRecord>): AlertRecord => ({
      environment: 'local',
      subject: 'run',
      kind: 'failing',
      at: '2026-12-01T10:00:00.000Z',
      runId: 'a',
      delivered: true,
      ...over,
    });
    await store.recordAlert(alert({}));
    await store.recordAlert(
      alert({ kind: 'recovered', at: '2026-12-01T11:00:00.000Z', runId: 'b', delivered: false }),
    );
    await store.recordAlert(alert({ environment: 'staging', at: '2026-12-01T12:00:00.000Z', runId: 'c' }));
    expect(await store.lastAlert('local', 'run')).toEqual(
      alert({ kind: 'recovered', at: '2026-12-01T11:00:00.000Z', runId: 'b', delivered: false }),
    );
  });
}

test.describe('history store on SQLite', () => {
  let dir: string;
  test.beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gp-history-'));
  });
  test.afterAll(() => rmSync(dir, { recursive: true, force: true }));
  storeSuite(() => ({
    name: 'SQLite (better-sqlite3)',
    fresh: (label) => ({ kind: 'sqlite', path: join(dir, `${label}.db`) }),
  }));
});

test.describe('history store on Postgres', () => {
  // One cluster for the file: its tests run in order in one worker.
  test.describe.configure({ mode: 'default' });
  const found = findPostgres();
  let cluster: PostgresCluster | undefined;
  test.beforeAll(async () => {
    test.skip('missing' in found, 'missing' in found ? `Postgres backend not tested: ${found.missing}` : '');
    if ('bin' in found) {
      cluster = await startPostgres(found.bin);
      console.log(`history store tests: Postgres backend ran on ${cluster.version} at ${cluster.url}`);
    }
  });
  test.afterAll(() => cluster?.stop());
  storeSuite(() => ({
    name: cluster?.version ?? 'Postgres',
    fresh: (label) => {
      if (!cluster) throw new Error('no Postgres cluster');
      return { kind: 'postgres', url: cluster.createDatabase(label) };
    },
  }));
});
