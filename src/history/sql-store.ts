// The history store over SQL (SQLite or Postgres alike): records runs whole, reads runs, series and check histories.
import { parseFinding, type Finding } from '../diagnosis/finding.ts';
import type { SlaStatus } from '../sla/judge.ts';
import { migrate } from './migrations.ts';
import { placeholders, type Row, type SqlDb, type SqlValue } from './sql.ts';
import type {
  AlertRecord,
  CheckPoint,
  CheckRecord,
  CheckState,
  HistoryStore,
  RunKind,
  RunQuery,
  RunRecord,
  RunState,
  SlaPoint,
  SlaRecord,
} from './types.ts';

export class SqlHistoryStore implements HistoryStore {
  /** One operation at a time per connection: a transaction never interleaves with another call. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: SqlDb) {}

  get dialect(): SqlDb['dialect'] {
    return this.db.dialect;
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => undefined);
    return next;
  }

  migrate(): Promise<void> {
    return this.serial(async () => {
      await migrate(this.db);
    });
  }

  /** The newest migration applied. */
  schemaVersion(): Promise<number> {
    return this.serial(async () => {
      const rows = await this.db.query('SELECT MAX(version) AS v FROM history_migrations');
      return Number(rows[0]?.v ?? 0);
    });
  }

  record(run: RunRecord): Promise<void> {
    return this.serial(() =>
      this.db.transaction(async () => {
        // Recording a run id again replaces it whole: a re-import never doubles a run's checks.
        for (const table of ['checks', 'slas', 'runs'])
          await this.db.run(`DELETE FROM ${table} WHERE ${table === 'runs' ? 'id' : 'run_id'} = ?`, [run.id]);
        await this.db.run(
          `INSERT INTO runs (id, kind, environment, selection, started_at, ended_at, state, exit_code, harness_commit, trace_id, findings)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            run.id,
            run.kind,
            run.environment,
            run.selection,
            run.startedAt,
            run.endedAt,
            run.state,
            run.exitCode,
            run.harnessCommit ?? null,
            run.traceId ?? null,
            JSON.stringify(run.findings ?? []),
          ],
        );
        // A name twice in one run (the same title in two files of a report) keeps its worst state.
        for (const c of uniqueChecks(run.checks))
          await this.db.run(
            `INSERT INTO checks (run_id, name, state, duration_ms, retries, finding_class, finding, trace_id, request_id)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            [
              run.id,
              c.name,
              c.state,
              c.durationMs,
              c.retries,
              c.finding?.class ?? null,
              c.finding ? JSON.stringify(c.finding) : null,
              c.traceId ?? null,
              c.requestId ?? null,
            ],
          );
        for (const s of new Map(run.slas.map((x) => [x.id, x])).values())
          await this.db.run(
            `INSERT INTO slas (run_id, sla_id, status, measured, target, degraded, unit, n, finding_class, finding)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            [
              run.id,
              s.id,
              s.status,
              s.measured,
              s.target,
              s.degraded ?? null,
              s.unit,
              s.n,
              s.finding?.class ?? null,
              s.finding ? JSON.stringify(s.finding) : null,
            ],
          );
      }),
    );
  }

  runs(q: RunQuery = {}): Promise<RunRecord[]> {
    return this.serial(async () => {
      const where = runFilter(q, 'runs');
      const rows = await this.db.query(
        `SELECT * FROM runs ${where.sql} ORDER BY started_at DESC, id DESC${q.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(q.limit))}` : ''}`,
        where.params,
      );
      if (rows.length === 0) return [];
      const ids = rows.map((r) => String(r.id));
      const checks = await this.db.query(
        `SELECT * FROM checks WHERE run_id IN (${placeholders(ids.length)}) ORDER BY name`,
        ids,
      );
      const slas = await this.db.query(
        `SELECT * FROM slas WHERE run_id IN (${placeholders(ids.length)}) ORDER BY sla_id`,
        ids,
      );
      return rows.map((r) => ({
        ...runOf(r),
        checks: checks.filter((c) => c.run_id === r.id).map(checkOf),
        slas: slas.filter((s) => s.run_id === r.id).map(slaOf),
      }));
    });
  }

  series(slaId: string, q: Omit<RunQuery, 'limit'> = {}): Promise<SlaPoint[]> {
    return this.serial(async () => {
      const where = runFilter(q, 'r', ['s.sla_id = ?'], [slaId]);
      const rows = await this.db.query(
        `SELECT s.*, r.started_at, r.state AS run_state, r.kind FROM slas s JOIN runs r ON r.id = s.run_id
         ${where.sql} ORDER BY r.started_at ASC, r.id ASC`,
        where.params,
      );
      return rows.map((r) => ({
        runId: String(r.run_id),
        at: String(r.started_at),
        measured: num(r.measured),
        status: String(r.status) as SlaStatus,
        target: Number(r.target),
        ...(r.degraded !== null && r.degraded !== undefined ? { degraded: Number(r.degraded) } : {}),
        unit: String(r.unit),
        runState: String(r.run_state) as RunState,
        kind: String(r.kind) as RunKind,
      }));
    });
  }

  checkHistory(check: string, q: RunQuery = {}): Promise<CheckPoint[]> {
    return this.serial(async () => {
      const where = runFilter(q, 'r', ['c.name = ?'], [check]);
      const rows = await this.db.query(
        `SELECT c.*, r.started_at FROM checks c JOIN runs r ON r.id = c.run_id
         ${where.sql} ORDER BY r.started_at DESC, r.id DESC${q.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(q.limit))}` : ''}`,
        where.params,
      );
      return rows.map((r) => {
        const f = findingOf(r.finding);
        return {
          runId: String(r.run_id),
          at: String(r.started_at),
          state: String(r.state) as CheckState,
          ...(f ? { finding: f } : {}),
        };
      });
    });
  }

  recordAlert(alert: AlertRecord): Promise<void> {
    return this.serial(() =>
      this.db.run(
        'INSERT INTO alerts (environment, subject, kind, at, run_id, delivered) VALUES (?, ?, ?, ?, ?, ?)',
        [alert.environment, alert.subject, alert.kind, alert.at, alert.runId, alert.delivered ? 1 : 0],
      ),
    );
  }

  lastAlert(environment: string, subject: string): Promise<AlertRecord | undefined> {
    return this.serial(async () => {
      const [r] = await this.db.query(
        'SELECT * FROM alerts WHERE environment = ? AND subject = ? ORDER BY at DESC LIMIT 1',
        [environment, subject],
      );
      if (!r) return undefined;
      return {
        environment: String(r.environment),
        subject: String(r.subject),
        kind: String(r.kind) as AlertRecord['kind'],
        at: String(r.at),
        runId: String(r.run_id),
        delivered: Number(r.delivered) === 1,
      };
    });
  }

  close(): Promise<void> {
    return this.serial(() => this.db.close());
  }
}

const CHECK_RANK: Record<CheckState, number> = { failed: 0, flaky: 1, passed: 2, 'n/a': 3, skipped: 4 };

function uniqueChecks(checks: readonly CheckRecord[]): CheckRecord[] {
  const byName = new Map<string, CheckRecord>();
  for (const c of checks) {
    const seen = byName.get(c.name);
    if (!seen || CHECK_RANK[c.state] < CHECK_RANK[seen.state]) byName.set(c.name, c);
  }
  return [...byName.values()];
}

function runFilter(
  q: RunQuery,
  alias: string,
  extra: string[] = [],
  extraParams: SqlValue[] = [],
): { sql: string; params: SqlValue[] } {
  const clauses = [...extra];
  const params: SqlValue[] = [...extraParams];
  if (q.environment !== undefined) {
    clauses.push(`${alias}.environment = ?`);
    params.push(q.environment);
  }
  const kinds = q.kind === undefined ? [] : typeof q.kind === 'string' ? [q.kind] : [...q.kind];
  if (kinds.length > 0) {
    clauses.push(`${alias}.kind IN (${placeholders(kinds.length)})`);
    params.push(...kinds);
  }
  if (q.selection !== undefined) {
    clauses.push(`${alias}.selection = ?`);
    params.push(q.selection);
  }
  if (q.since !== undefined) {
    clauses.push(`${alias}.started_at >= ?`);
    params.push(q.since.toISOString());
  }
  return { sql: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

function num(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

function findingOf(v: unknown): Finding | undefined {
  return typeof v === 'string' ? parseFinding(v) : undefined;
}

function runOf(r: Row): Omit<RunRecord, 'checks' | 'slas'> {
  const findings = (JSON.parse(String(r.findings ?? '[]')) as unknown[])
    .map((f) => parseFinding(f))
    .filter((f): f is Finding => f !== undefined);
  return {
    id: String(r.id),
    kind: String(r.kind) as RunKind,
    environment: String(r.environment),
    selection: String(r.selection),
    startedAt: String(r.started_at),
    endedAt: String(r.ended_at),
    state: String(r.state) as RunState,
    exitCode: num(r.exit_code),
    ...(r.harness_commit ? { harnessCommit: String(r.harness_commit) } : {}),
    ...(r.trace_id ? { traceId: String(r.trace_id) } : {}),
    ...(findings.length > 0 ? { findings } : {}),
  };
}

function checkOf(r: Row): CheckRecord {
  const f = findingOf(r.finding);
  return {
    name: String(r.name),
    state: String(r.state) as CheckState,
    durationMs: Number(r.duration_ms),
    retries: Number(r.retries),
    ...(f ? { finding: f } : {}),
    ...(r.trace_id ? { traceId: String(r.trace_id) } : {}),
    ...(r.request_id ? { requestId: String(r.request_id) } : {}),
  };
}

function slaOf(r: Row): SlaRecord {
  const f = findingOf(r.finding);
  return {
    id: String(r.sla_id),
    status: String(r.status) as SlaStatus,
    measured: num(r.measured),
    target: Number(r.target),
    ...(r.degraded !== null && r.degraded !== undefined ? { degraded: Number(r.degraded) } : {}),
    unit: String(r.unit),
    n: Number(r.n),
    ...(f ? { finding: f } : {}),
  };
}
