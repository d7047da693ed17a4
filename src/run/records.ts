// The run's own facts: one line per test a worker ran, appended by every worker, read once by the global teardown.
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFinding, type Finding } from '../diagnosis/finding.ts';

export type RecordStatus = 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';

export interface TestRecord {
  project: string;
  /** Path relative to the project root, `/`-separated (tests/websocket/handshake.spec.ts). */
  file: string;
  title: string;
  status: RecordStatus;
  /** 0 on the first attempt: a pass with retry > 0 is flaky. */
  retry: number;
  /** Skipped as n/a by the profile's capabilities: the reason (`n/a: <capability> (profile <name>)`). */
  na?: string;
}

/** Append-only, one file per worker process: no two writers share a file. */
export function appendRecord(dir: string, record: TestRecord): void {
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, `worker-${process.pid}.jsonl`), `${JSON.stringify(record)}\n`);
}

export function readRecords(dir: string): TestRecord[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'))
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as TestRecord);
}

/** The last attempt of each test (retries append one record per attempt), and whether an earlier one failed. */
export function finalAttempts(records: readonly TestRecord[]): Array<TestRecord & { flaky: boolean }> {
  const byTest = new Map<string, TestRecord[]>();
  for (const r of records) {
    const key = `${r.project}\u0000${r.file}\u0000${r.title}`;
    byTest.set(key, [...(byTest.get(key) ?? []), r]);
  }
  return [...byTest.values()].map((attempts) => {
    const last = attempts.reduce((a, b) => (b.retry >= a.retry ? b : a));
    return { ...last, flaky: last.status === 'passed' && last.retry > 0 };
  });
}

/** The run's integrity finding (F13) its global teardown left in `dir` (a nested run's records root), if any. */
export function readRunFinding(dir: string): Finding | undefined {
  const file = existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith('.finding.json')) : undefined;
  return file ? parseFinding(readFileSync(join(dir, file), 'utf8')) : undefined;
}
