// One monitor run: the selection (`@smoke` by default) as a Playwright child run with its own output folder and a
// hard deadline, read back as a RunRecord (kind `monitor`) from its JSON report and SLA ledger.
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { nestedRunEnvironment } from '../config/runner-env.ts';
import { finding } from '../diagnosis/finding.ts';
import { childRunProblem, playwrightTest, runChild } from '../gate/child.ts';
import { readReportFile, readRunReport } from '../gate/playwright-report.ts';
import { playwrightRunRecord } from '../history/records.ts';
import type { RunRecord } from '../history/types.ts';
import { harnessCommit } from '../report/environment-info.ts';
import { aggregate, readLedger } from '../sla/ledger.ts';

export interface SmokeRunOptions {
  root: string;
  environment: string;
  grep: string;
  /** GP_FAULTS for the local reference target. */
  faults?: string;
  /** Further settings for the child run (the monitor's shared reference target). */
  env?: Record<string, string>;
  /** Each run gets a folder here; the newest few are kept. */
  outRoot: string;
  keep?: number;
  out?: (text: string) => void;
}

export function crashedRecord(
  environment: string,
  selection: string,
  startedAt: string,
  reason: string,
): RunRecord {
  return {
    id: randomUUID(),
    kind: 'monitor',
    environment,
    selection,
    startedAt,
    endedAt: new Date().toISOString(),
    state: 'crashed',
    exitCode: null,
    checks: [],
    slas: [],
    findings: [finding('F13', 'monitor.crashed', `monitor run crashed: ${reason}`)],
  };
}

export async function runSmoke(
  o: SmokeRunOptions,
  signal: AbortSignal,
  deadlineMs: number,
): Promise<RunRecord> {
  const startedAt = new Date().toISOString();
  // One trace per run: every request of the run carries this trace id (docs/monitor.md, correlation).
  const traceId = randomBytes(16).toString('hex');
  const dir = join(o.outRoot, startedAt.replace(/[:.]/g, '-'));
  mkdirSync(dir, { recursive: true });
  prune(o.outRoot, o.keep ?? 5);
  const env = nestedRunEnvironment({
    PLAYWRIGHT_JSON_OUTPUT_FILE: join(dir, 'results.json'),
    GP_LEDGER_ROOT: join(dir, 'sla'),
    GP_SLA_JSON: join(dir, 'sla.json'),
    GP_ALLURE_RESULTS: join(dir, 'allure-results'),
    GP_RECORDS_ROOT: join(dir, 'run'),
    GP_RUN_STARTED_AT: startedAt,
    GP_TRACE_ID: traceId,
    ...o.env,
    ...(o.faults !== undefined ? { GP_FAULTS: o.faults } : {}),
  });
  const [node, args] = playwrightTest(o.root, [
    `--project=${o.environment}`,
    `--grep=${o.grep}`,
    `--output=${join(dir, 'artifacts')}`,
    `--global-timeout=${deadlineMs}`,
  ]);
  const run = await runChild(node, args, {
    cwd: o.root,
    env,
    timeoutMs: deadlineMs,
    stop: signal,
    out: o.out ?? (() => undefined),
    err: () => undefined,
  });
  const selection = o.grep;
  if (run.timedOut)
    return crashedRecord(
      o.environment,
      selection,
      startedAt,
      `no result within its deadline of ${deadlineMs} ms`,
    );
  if (signal.aborted)
    return crashedRecord(o.environment, selection, startedAt, 'stopped by a signal before it finished');
  const reportFile = join(dir, 'results.json');
  if (!existsSync(reportFile))
    return crashedRecord(
      o.environment,
      selection,
      startedAt,
      `playwright exited ${String(run.exitCode ?? run.signal)} without a report: ${run.stderrTail.at(-1) ?? ''}`,
    );
  const report = readRunReport(readReportFile(reportFile));
  const ledgerRoot = join(dir, 'sla');
  const entries = existsSync(ledgerRoot)
    ? readdirSync(ledgerRoot).flatMap((d) => readLedger(join(ledgerRoot, d)))
    : [];
  const problem = childRunProblem(run, report.tests.filter((t) => t.outcome === 'failed').length);
  const record = playwrightRunRecord({
    environment: o.environment,
    tests: report.tests,
    runErrors: report.errors,
    slaRows: aggregate(entries),
    startedAt,
    endedAt: new Date().toISOString(),
    harnessCommit: harnessCommit(o.root),
    failed: problem !== undefined,
    ctx: {
      kind: 'monitor',
      selection,
      ...(problem ? { findings: [finding('F13', 'runner.integrity', problem)] } : {}),
    },
  });
  return { ...record, traceId };
}

/** Keeps the newest `keep` run folders (names are start times). */
function prune(root: string, keep: number): void {
  const dirs = readdirSync(root).sort().reverse();
  for (const d of dirs.slice(keep)) rmSync(join(root, d), { recursive: true, force: true });
}
