// Runs a Playwright suite selection as a bounded child process with the JSON reporter, and reads the outcome.
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { nestedRunEnvironment } from '../config/runner-env.ts';
import { findingOf } from '../gate/playwright-report.ts';
import { causeLine } from '../diagnosis/render.ts';
import type { Finding } from '../diagnosis/finding.ts';
import { readRunFinding } from '../run/records.ts';
import { playwrightTest, runChild } from '../gate/child.ts';
import {
  readReportFile,
  reportedTests,
  type JSONReportTest,
  type ReportedTest,
  type TestOutcome,
} from '../gate/playwright-report.ts';

export interface ChildTest extends TestOutcome {
  likelyCause?: string;
  failureClass?: string;
  /** Its last attempt's duration. */
  durationMs?: number;
}

export interface ChildOutcome {
  exitCode: number | null;
  timedOut: boolean;
  ms: number;
  tests: ChildTest[];
  /** The last stderr lines, colours removed. */
  stderrTail: string[];
  /** The run's own integrity finding (F13: nothing ran, all skipped, a suite short), from its global teardown. */
  runFinding?: Finding;
}

export interface ChildOptions {
  root: string;
  workDir: string;
  args: string[];
  env: Record<string, string>;
  timeoutMs: number;
  /**
   * Every reporter the project's config has (list, HTML, Allure, JSON, the run reporter), each writing inside
   * workDir, and the console kept in workDir/console.log: what a secret scan of "everything the run wrote" reads.
   */
  everyReport?: boolean;
}

/** The project's reporters by name (the command line gives none of the config's options: their folders come by env). */
const EVERY_REPORTER = 'list,json,html,./fixtures/allure-reporter.ts,./fixtures/run-reporter.ts';

export async function runSuites(options: ChildOptions): Promise<ChildOutcome> {
  mkdirSync(options.workDir, { recursive: true });
  const report = join(options.workDir, 'report.json');
  const every = options.everyReport === true;
  const env = nestedRunEnvironment({
    PLAYWRIGHT_JSON_OUTPUT_NAME: report,
    GP_LEDGER_ROOT: join(options.workDir, 'sla'),
    GP_RECORDS_ROOT: join(options.workDir, 'run'),
    FORCE_COLOR: '0',
    ...(every
      ? {
          PLAYWRIGHT_HTML_OUTPUT_DIR: join(options.workDir, 'playwright-report'),
          PLAYWRIGHT_HTML_OPEN: 'never',
          GP_ALLURE_RESULTS: join(options.workDir, 'allure-results'),
          GP_SLA_JSON: join(options.workDir, 'sla.json'),
        }
      : {}),
    ...options.env,
  });
  const [node, args] = playwrightTest(options.root, [
    ...options.args,
    `--reporter=${every ? EVERY_REPORTER : 'json'}`,
    `--output=${join(options.workDir, 'artifacts')}`,
  ]);
  // The JSON reporter writes to its file; the console output is not shown (the tail is kept for the verdict),
  // except into console.log when every report is kept.
  const consoleLog = join(options.workDir, 'console.log');
  const keep = every ? (text: string) => appendFileSync(consoleLog, text) : () => undefined;
  const run = await runChild(node, args, {
    cwd: options.root,
    env,
    timeoutMs: options.timeoutMs,
    out: keep,
    err: (line) => keep(`${line}\n`),
  });
  return {
    exitCode: run.exitCode,
    timedOut: run.timedOut,
    ms: run.ms,
    tests: existsSync(report) ? reportedTests(readReportFile(report)).map(childTest) : [],
    stderrTail: run.stderrTail,
    ...runFindingIn(join(options.workDir, 'run')),
  };
}

/** The failure class the self-test judges a test by: its finding's, read from the structured annotation. */
export function failureClassOf(test: JSONReportTest): string | undefined {
  return test.status === 'expected' ? undefined : findingOf(test)?.class;
}

function childTest({ outcome, last }: ReportedTest): ChildTest {
  const likelyCause = outcome.finding ? causeLine(outcome.finding) : undefined;
  const cls = outcome.finding?.class;
  return {
    ...outcome,
    ...(likelyCause ? { likelyCause } : {}),
    ...(cls ? { failureClass: cls } : {}),
    ...(last ? { durationMs: last.duration } : {}),
  };
}

function runFindingIn(dir: string): { runFinding?: Finding } {
  const found = readRunFinding(dir);
  return found ? { runFinding: found } : {};
}
