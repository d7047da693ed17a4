// Reads Playwright's JSON report into per-test outcomes (pure): passed, failed, flaky (passed on a retry), skipped.
import { findingInAnnotations } from '../diagnosis/annotation.ts';
import type { Finding } from '../diagnosis/finding.ts';

export type Outcome = 'passed' | 'failed' | 'flaky' | 'skipped';

export interface TestOutcome {
  /** `describe › … › title`. */
  title: string;
  file: string;
  line: number;
  project: string;
  /** Without the leading `@`. */
  tags: string[];
  outcome: Outcome;
  attempts: number;
  /** First line of the first error of the last failed attempt. */
  error?: string;
  /** What the failure points to, from the test's structured annotation. */
  finding?: Finding;
}

export interface RunReport {
  tests: TestOutcome[];
  /** Errors outside any test: a file that failed to load, a global setup that threw. */
  errors: string[];
  startTime?: string;
  durationMs?: number;
}

interface JsonError {
  message?: string;
  value?: string;
}
interface JsonAnnotation {
  type: string;
  description?: string;
}
interface JsonResult {
  annotations?: JsonAnnotation[];
  status?: string;
  error?: JsonError;
  errors?: JsonError[];
}
interface JsonTest {
  annotations?: JsonAnnotation[];
  projectName?: string;
  status?: string;
  results?: JsonResult[];
}
interface JsonSpec {
  title: string;
  file?: string;
  line?: number;
  tags?: string[];
  tests?: JsonTest[];
}
interface JsonSuite {
  title: string;
  file?: string;
  specs?: JsonSpec[];
  suites?: JsonSuite[];
}
interface JsonReport {
  suites?: JsonSuite[];
  errors?: JsonError[];
  stats?: { startTime?: string; duration?: number };
}

const STATUS: Record<string, Outcome> = {
  expected: 'passed',
  unexpected: 'failed',
  flaky: 'flaky',
  skipped: 'skipped',
};

export function firstLine(text: string | undefined): string | undefined {
  if (!text) return undefined;
  // Playwright colours its messages; a verdict file is read as plain text.
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
  return plain
    .split('\n')
    .find((l) => l.trim() !== '')
    ?.trim();
}

export function readRunReport(json: unknown): RunReport {
  const report = json as JsonReport;
  const tests: TestOutcome[] = [];
  const walk = (suite: JsonSuite, describes: string[], file: string): void => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        const results = t.results ?? [];
        const failed = [...results].reverse().find((r) => r.status !== 'passed' && r.status !== 'skipped');
        const error = firstLine(failed?.error?.message ?? failed?.errors?.[0]?.message);
        const finding = findingInAnnotations([...(failed?.annotations ?? []), ...(t.annotations ?? [])]);
        tests.push({
          title: [...describes, spec.title].join(' › '),
          file: spec.file ?? file,
          line: spec.line ?? 0,
          project: t.projectName ?? '',
          tags: (spec.tags ?? []).map((tag) => tag.replace(/^@/, '')),
          outcome: STATUS[t.status ?? ''] ?? 'failed',
          attempts: results.length,
          ...(error && t.status !== 'expected' ? { error } : {}),
          ...(finding && t.status !== 'expected' ? { finding } : {}),
        });
      }
    }
    for (const child of suite.suites ?? []) walk(child, [...describes, child.title], child.file ?? file);
  };
  // Top-level suites are files: their title is the path, not a describe.
  for (const fileSuite of report.suites ?? []) walk(fileSuite, [], fileSuite.file ?? fileSuite.title);
  return {
    tests,
    errors: (report.errors ?? []).map((e) => firstLine(e.message ?? e.value) ?? 'unknown error'),
    ...(report.stats?.startTime ? { startTime: report.stats.startTime } : {}),
    ...(report.stats?.duration !== undefined ? { durationMs: report.stats.duration } : {}),
  };
}
