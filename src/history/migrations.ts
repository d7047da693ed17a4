// The history store's schema as numbered migrations: one schema for SQLite and Postgres (types both accept).
import type { SqlDb } from './sql.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Append only: a migration once released is never edited; a change is a new number. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'runs, checks and SLA measurements',
    sql: `
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        environment TEXT NOT NULL,
        selection TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT NOT NULL,
        state TEXT NOT NULL,
        exit_code INTEGER,
        harness_commit TEXT,
        trace_id TEXT,
        findings TEXT NOT NULL
      );
      CREATE INDEX runs_environment_started ON runs (environment, started_at);
      CREATE TABLE checks (
        run_id TEXT NOT NULL REFERENCES runs (id),
        name TEXT NOT NULL,
        state TEXT NOT NULL,
        duration_ms DOUBLE PRECISION NOT NULL,
        retries INTEGER NOT NULL,
        finding_class TEXT,
        finding TEXT,
        trace_id TEXT,
        request_id TEXT,
        PRIMARY KEY (run_id, name)
      );
      CREATE INDEX checks_name ON checks (name);
      CREATE TABLE slas (
        run_id TEXT NOT NULL REFERENCES runs (id),
        sla_id TEXT NOT NULL,
        status TEXT NOT NULL,
        measured DOUBLE PRECISION,
        target DOUBLE PRECISION NOT NULL,
        degraded DOUBLE PRECISION,
        unit TEXT NOT NULL,
        n INTEGER NOT NULL,
        finding_class TEXT,
        finding TEXT,
        PRIMARY KEY (run_id, sla_id)
      );
      CREATE INDEX slas_sla_id ON slas (sla_id);
    `,
  },
  {
    version: 2,
    name: 'alerts sent (transitions and reminders)',
    sql: `
      CREATE TABLE alerts (
        environment TEXT NOT NULL,
        subject TEXT NOT NULL,
        kind TEXT NOT NULL,
        at TEXT NOT NULL,
        run_id TEXT NOT NULL,
        delivered INTEGER NOT NULL
      );
      CREATE INDEX alerts_subject_at ON alerts (environment, subject, at);
    `,
  },
];

export class HistorySchemaError extends Error {
  readonly code = 'HISTORY_SCHEMA';
}

/** Applies the missing migrations in one transaction; idempotent, and safe when two monitors start at once. */
export async function migrate(db: SqlDb, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  await db.exec(
    'CREATE TABLE IF NOT EXISTS history_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  return db.transaction(
    async () => {
      const rows = await db.query('SELECT version FROM history_migrations');
      const applied = new Set(rows.map((r) => Number(r.version)));
      const known = Math.max(0, ...migrations.map((m) => m.version));
      const newest = Math.max(0, ...applied);
      if (newest > known)
        throw new HistorySchemaError(
          `the history store is at schema version ${newest}; this harness knows up to ${known}: upgrade the harness`,
        );
      const done: number[] = [];
      for (const m of migrations.filter((x) => !applied.has(x.version))) {
        await db.exec(m.sql);
        await db.run('INSERT INTO history_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
          m.version,
          m.name,
          new Date().toISOString(),
        ]);
        done.push(m.version);
      }
      return done;
    },
    { lock: true },
  );
}
