// The embedded engine: a SQLite file through better-sqlite3 (synchronous underneath, awaited like Postgres above).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Row, SqlDb, SqlValue } from './sql.ts';

export function openSqlite(path: string): SqlDb {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  // WAL: a reader (`npm run history`) never blocks the monitor's writes; a writer waits its turn, never fails.
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  return {
    dialect: 'sqlite',
    exec: (sql) => {
      db.exec(sql);
      return Promise.resolve();
    },
    query: (sql, params: readonly SqlValue[] = []) =>
      Promise.resolve(db.prepare(sql).all(...params) as Row[]),
    run: (sql, params: readonly SqlValue[] = []) => {
      db.prepare(sql).run(...params);
      return Promise.resolve();
    },
    transaction: async (body, options) => {
      db.exec(options?.lock ? 'BEGIN IMMEDIATE' : 'BEGIN');
      try {
        const out = await body();
        db.exec('COMMIT');
        return out;
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
    close: () => {
      db.close();
      return Promise.resolve();
    },
  };
}
