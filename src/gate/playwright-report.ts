// The one reader of Playwright's JSON report (typed by Playwright's own JSONReport types): per-test outcomes —
// passed, failed, flaky (passed on a retry), skipped — for the gate, the self-test, the benchmarks and CI's count.
import { readFileSync } from 'node:fs';
import { correlationInAnnotations } from '../clients/correlation.ts';
import { findingInAnnotations } from '../diagnosis/annotation.ts';
import type { Finding } from '../diagnosis/finding.ts';
import { NA_ANNOTATION } from '../config/capabilities.ts';
import { stripVTControlCharacters } from 'node:util';
import type {
  JSONReport,
  JSONReportSpec,
  JSONReportSuite,
  JSONReportTest,
  JSONReportTestResult,
} from '@playwright/test/reporter';

export type { JSONReport, JSONReportTest };

/** The trace id and answered request id a test carries (its last attempt's). */
function correlationOf(t: JSONReportTest): { traceId?: string; requestId?: string } {
  return correlationInAnnotations([...(t.annotations ?? []), ...(t.results.at(-1)?.annotations ?? [])]) ?? {};
}

/** The finding a test carries in its structured annotation (on the test, or on its last attempt). */
export function findingOf(t: JSONReportTest): Finding | undefined {
  return findingInAnnotations([...(t.annotations ?? []), ...(t.results.at(-1)?.annotations ?? [])]);
}

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
  /** The run's W3C trace id and the request id the product last answered with (docs/monitor.md). */
  traceId?: string;
  requestId?: string;
  /** Every attempt's duration together. */
  durationMs?: number;
  /** First line of the first error of the last failed attempt. */
  error?: string;
  /** What the failure points to, from the test's structured annotation. */
  finding?: Finding;
  /** A skipped test that is n/a by the profile's capabilities: its reason (never a pass, never a failure). */
  na?: string;
}

/** The n/a reason a skipped test carries in its structured annotation. */
export function naOf(t: JSONReportTest): string | undefined {
  if (t.status !== 'skipped') return undefined;
  return [...(t.annotations ?? []), ...(t.results.at(-1)?.annotations ?? [])].find(
    (a) => a.type === NA_ANNOTATION,
  )?.description;
}

export interface RunReport {
  tests: TestOutcome[];
  /** Errors outside any test: a file that failed to load, a global setup that threw. */
  errors: string[];
  startTime?: string;
  durationMs?: number;
}

/** One test of the report with the spec it belongs to, as the walk met it. */
export interface ReportedTest {
  outcome: TestOutcome;
  spec: JSONReportSpec;
  test: JSONReportTest;
  /** Its last attempt. */
  last?: JSONReportTestResult;
}

const STATUS: Record<string, Outcome> = {
  expected: 'passed',
  unexpected: 'failed',
  flaky: 'flaky',
  skipped: 'skipped',
};

/** A report file as Playwright's JSON reporter wrote it. */
export function readReportFile(file: string): JSONReport {
  return JSON.parse(readFileSync(file, 'utf8')) as JSONReport;
}

export function firstLine(text: string | undefined): string | undefined {
  if (!text) return undefined;
  // Playwright colours its messages; a verdict file is read as plain text.
  return stripVTControlCharacters(text)
    .split('\n')
    .find((l) => l.trim() !== '')
    ?.trim();
}

/** Every test of the report, in the report's order, each with its outcome. */
export function reportedTests(report: JSONReport): ReportedTest[] {
  const out: ReportedTest[] = [];
  const walk = (suite: JSONReportSuite, describes: string[], file: string): void => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        const results = t.results ?? [];
        const failed = [...results].reverse().find((r) => r.status !== 'passed' && r.status !== 'skipped');
        const error = firstLine(failed?.error?.message ?? failed?.errors?.[0]?.message);
        out.push({
          outcome: {
            title: [...describes, spec.title].join(' › '),
            file: spec.file ?? file,
            line: spec.line ?? 0,
            project: t.projectName ?? '',
            tags: (spec.tags ?? []).map((tag) => tag.replace(/^@/, '')),
            outcome: STATUS[t.status ?? ''] ?? 'failed',
            attempts: results.length,
            ...correlationOf(t),
            durationMs: results.reduce((sum, r) => sum + (r.duration ?? 0), 0),
            ...(error && t.status !== 'expected' ? { error } : {}),
            ...(t.status !== 'expected' && findingOf(t) ? { finding: findingOf(t) } : {}),
            ...(naOf(t) !== undefined ? { na: naOf(t) } : {}),
          },
          spec,
          test: t,
          ...(results.length > 0 ? { last: results.at(-1) } : {}),
        });
      }
    }
    for (const child of suite.suites ?? []) walk(child, [...describes, child.title], child.file ?? file);
  };
  // Top-level suites are files: their title is the path, not a describe.
  for (const fileSuite of report.suites ?? []) walk(fileSuite, [], fileSuite.file ?? fileSuite.title);
  return out;
}

export function readRunReport(report: JSONReport): RunReport {
  return {
    tests: reportedTests(report).map((t) => t.outcome),
    errors: (report.errors ?? []).map((e) => firstLine(e.message ?? e.value) ?? 'unknown error'),
    ...(report.stats?.startTime ? { startTime: report.stats.startTime } : {}),
    ...(report.stats?.duration !== undefined ? { durationMs: report.stats.duration } : {}),
  };
}
