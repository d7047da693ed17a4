// The shared engine for monitors that run from several places: Postgres through `pg`, one connection per store.
import pg from 'pg';
import { numberedPlaceholders, type Row, type SqlDb, type SqlValue } from './sql.ts';

/** Any number: it only has to be the same for every migrator of the database. */
const MIGRATION_LOCK = 20_2620;

export async function openPostgres(url: string): Promise<SqlDb> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  return {
    dialect: 'postgres',
    exec: async (sql) => {
      await client.query(sql);
    },
    query: async (sql, params: readonly SqlValue[] = []) =>
      (await client.query(numberedPlaceholders(sql), [...params])).rows as Row[],
    run: async (sql, params: readonly SqlValue[] = []) => {
      await client.query(numberedPlaceholders(sql), [...params]);
    },
    transaction: async (body, options) => {
      await client.query('BEGIN');
      try {
        if (options?.lock) await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        const out = await body();
        await client.query('COMMIT');
        return out;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },
    close: async () => {
      await client.end();
    },
  };
}
