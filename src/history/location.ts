// Where the history lives: a SQLite file (the default) or a Postgres URL; chosen by --history, DATABASE_URL or HISTORY_PATH.
import { isAbsolute, resolve } from 'node:path';
import { registerSecret } from '../protocol/redaction.ts';
import { SqlHistoryStore } from './sql-store.ts';

/** Beside the repository's other kept state (.allure-history), outside test-results: cleaning results keeps history. */
export const DEFAULT_HISTORY_PATH = '.history/history.db';

export type HistoryTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export class HistoryTargetError extends Error {
  readonly code = 'HISTORY_TARGET';
}

const POSTGRES = /^postgres(ql)?:\/\//i;

/** A `--history` value: a postgres:// URL, or a file path (relative to `root`). */
export function historyTarget(raw: string, root: string): HistoryTarget {
  const value = raw.trim();
  if (value === '')
    throw new HistoryTargetError('the history store is empty: give a file path or a postgres:// URL');
  if (POSTGRES.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new HistoryTargetError('the history store URL is not a valid postgres:// URL');
    }
    if (url.password) registerSecret(decodeURIComponent(url.password));
    return { kind: 'postgres', url: value };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value))
    throw new HistoryTargetError(
      `the history store "${value.split('://')[0] ?? ''}://…" is neither a file path nor a postgres:// URL`,
    );
  return { kind: 'sqlite', path: isAbsolute(value) ? value : resolve(root, value) };
}

/** For messages: the file, or the URL without its password. */
export function describeTarget(t: HistoryTarget): string {
  if (t.kind === 'sqlite') return `SQLite ${t.path}`;
  const url = new URL(t.url);
  if (url.password) url.password = '***';
  return `Postgres ${url.toString()}`;
}

export interface HistoryChoice {
  target: HistoryTarget;
  /** Chosen on purpose (flag or setting), not the default: writers record only then. */
  explicit: boolean;
  /** What chose it: `--history`, `DATABASE_URL`, `HISTORY_PATH` or the default. */
  from: string;
}

/** `--history` wins, then DATABASE_URL (Postgres), then HISTORY_PATH, then the default file. */
export function chooseHistory(
  flag: string | undefined,
  settings: Readonly<Record<string, string | undefined>>,
  root: string,
): HistoryChoice {
  if (flag !== undefined) return { target: historyTarget(flag, root), explicit: true, from: '--history' };
  const url = settings.DATABASE_URL;
  if (url) {
    if (!POSTGRES.test(url))
      throw new HistoryTargetError('DATABASE_URL must be a postgres:// URL to hold the run history');
    return { target: historyTarget(url, root), explicit: true, from: 'DATABASE_URL' };
  }
  if (settings.HISTORY_PATH)
    return { target: historyTarget(settings.HISTORY_PATH, root), explicit: true, from: 'HISTORY_PATH' };
  return { target: historyTarget(DEFAULT_HISTORY_PATH, root), explicit: false, from: 'the default' };
}

/** Opens and migrates the store (the engine's module is loaded only when it is used). */
export async function openHistoryStore(target: HistoryTarget): Promise<SqlHistoryStore> {
  const db =
    target.kind === 'sqlite'
      ? (await import('./sqlite-db.ts')).openSqlite(target.path)
      : await (await import('./postgres-db.ts')).openPostgres(target.url);
  const store = new SqlHistoryStore(db);
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
