// The little SQL the history store needs, over either engine: `?` placeholders, rows as plain objects, transactions.
export type Dialect = 'sqlite' | 'postgres';
export type SqlValue = string | number | null;
/** A row as either driver returns it for the store's column types (TEXT, INTEGER, DOUBLE PRECISION). */
export type Row = Record<string, SqlValue>;

export interface SqlDb {
  readonly dialect: Dialect;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
  query(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  run(sql: string, params?: readonly SqlValue[]): Promise<void>;
  /** Runs `body` inside one transaction; `lock` serialises concurrent migrators of one database. */
  transaction<T>(body: () => Promise<T>, options?: { lock?: boolean }): Promise<T>;
  close(): Promise<void>;
}

/** `?` → `$1, $2, …` for Postgres (the store's SQL holds no `?` inside literals). */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** `IN (?, ?, …)` for a list of values. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}
