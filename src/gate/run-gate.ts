// The pre-release gate: preflight, the functional suites (and a load smoke) as child runs, then the verdict and its files.
import { codeOf, finding } from '../diagnosis/finding.ts';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkReachable, unreachableCode } from '../clients/reachability.ts';
import { ConfigError, loadConfig, type Config } from '../config/index.ts';
import { readEnvironment } from '../config/env-files.ts';
import { SLA_DEFAULTS } from '../config/sla-table.ts';
import { acceptances, type Acceptance } from '../config/accepted-findings.ts';
import { harnessCommit, readTargetVersions } from '../report/environment-info.ts';
import { aggregate, readLedger, type LedgerEntry, type SlaRow } from '../sla/ledger.ts';
import { describeBaseline } from '../history/baseline.ts';
import { judgeAgainstHistory } from '../history/judge-run.ts';
import { chooseHistory, describeTarget, openHistoryStore, type HistoryChoice } from '../history/location.ts';
import { checkRecords, gateRunRecord, slaRecords } from '../history/records.ts';
import type { SqlHistoryStore } from '../history/sql-store.ts';
import type { HistoryStore } from '../history/types.ts';
import type { GateArgs } from './args.ts';
import { nestedRunEnvironment } from '../config/runner-env.ts';
import { childRunProblem, playwrightTest, runChild } from './child.ts';
import { runLoadSmoke } from './load-smoke.ts';
import { readRunFinding } from '../run/records.ts';
import { requiredSlas } from './required-slas.ts';
import { notApplicableSlas } from '../config/capabilities.ts';
import { readReportFile, readRunReport, type RunReport } from './playwright-report.ts';
import { decide, parseFlakyPolicy, type LoadOutcome, type Verdict } from './verdict.ts';

export interface GateRun {
  verdict: Verdict;
  tests: RunReport['tests'];
  outDir: string;
  /** Gate settings read through the config layer (files, then the process environment). */
  settings: Record<string, string>;
  /** The run's SLA rows (functional and load together). */
  slaRows: SlaRow[];
  /** Where the run was recorded (docs/history.md), or why it could not be. */
  recorded?: string;
}

/** The gate with its history: the store opened first (a bad one is exit 2), the run judged, then recorded. */
export async function runGate(args: GateArgs, root: string, processEnv: NodeJS.ProcessEnv): Promise<GateRun> {
  const configEnvironment = args.environment.startsWith('local') ? 'local' : args.environment;
  const settings = readEnvironment(configEnvironment, root, processEnv).values;
  let choice: HistoryChoice | undefined;
  let store: SqlHistoryStore | undefined;
  let problem: string | undefined;
  try {
    choice = chooseHistory(args.history, settings, root);
    // Read and written when asked for: a flag or a setting, or a baseline (which needs a history to compare with).
    if (choice.explicit || args.baseline) store = await openHistoryStore(choice.target);
  } catch (error) {
    problem = `HISTORY_UNAVAILABLE: the run history ${choice ? describeTarget(choice.target) : ''} (from ${choice?.from ?? '--history'}) cannot be used: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (problem !== undefined) return judgeGate(args, root, processEnv, undefined, problem);
  const run = await judgeGate(args, root, processEnv, store);
  if (!store || !choice) return run;
  try {
    await store.record(
      gateRunRecord(run.verdict, run.tests, run.slaRows, {
        kind: args.kind,
        selection: args.passthrough.join(' ') || 'all',
        ...(run.verdict.historyFindings ? { findings: run.verdict.historyFindings } : {}),
      }),
    );
    return { ...run, recorded: `recorded in ${describeTarget(choice.target)}` };
  } catch (error) {
    // The verdict stands: a history that cannot take the record is said, never a changed exit code.
    return {
      ...run,
      recorded: `not recorded in ${describeTarget(choice.target)}: ${error instanceof Error ? error.message : String(error)}`,
    };
  } finally {
    await store.close();
  }
}

const GATE_FILES = [
  'results.json',
  'verdict.json',
  'junit.xml',
  'sla.json',
  'sla',
  'artifacts',
  'playwright-report',
  'run',
];

async function judgeGate(
  args: GateArgs,
  root: string,
  processEnv: NodeJS.ProcessEnv,
  store: HistoryStore | undefined,
  historyProblem?: string,
): Promise<GateRun> {
  const startedAt = new Date().toISOString();
  const outDir = resolve(root, args.out);
  // Only what the gate itself writes is removed: a stale verdict or report must never be judged again.
  for (const f of GATE_FILES) rmSync(join(outDir, f), { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const configEnvironment = args.environment.startsWith('local') ? 'local' : args.environment;
  const settings = readEnvironment(configEnvironment, root, processEnv).values;
  const base = {
    environment: args.environment,
    startedAt,
    harnessCommit: harnessCommit(root),
    flaky: parseFlakyPolicy(settings.GATE_FLAKY_BLOCKS),
    allowFlaky: args.allowFlaky,
    degradedBlocks: args.failOnDegraded || settings.GATE_DEGRADED_BLOCKS === 'true',
  };
  let accepted: Acceptance[] = [];
  const finish = (
    partial: Partial<Parameters<typeof decide>[0]>,
    tests: RunReport['tests'] = [],
  ): GateRun => ({
    verdict: decide({
      ...base,
      accepted,
      endedAt: new Date().toISOString(),
      targetVersions: {},
      tests,
      runErrors: [],
      slas: [],
      notMeasured: [],
      ...partial,
    }),
    tests,
    outDir,
    settings,
    slaRows: partial.slas ?? [],
  });
  if (historyProblem !== undefined)
    return finish({
      harnessError: historyProblem,
      harnessFinding: finding('HARNESS', 'history.unavailable', historyProblem),
    });

  let config: Config;
  try {
    config = await loadConfig({
      environment: configEnvironment,
      cwd: root,
      env: processEnv,
      ...(configEnvironment === 'local' ? { localBaseUrl: 'http://127.0.0.1' } : {}),
    });
  } catch (error) {
    if (error instanceof ConfigError)
      return finish({
        harnessError: `${error.code}: ${error.message}`,
        harnessFinding: finding('HARNESS', codeOf(error.code), error.message),
      });
    throw error;
  }
  accepted = acceptances(config.profile);
  if (!config.local) {
    // The same check as the runner's preflight, made here so an unreachable target costs seconds, not a test run.
    const failed = await checkReachable(config, 6000);
    if (failed)
      return finish({
        harnessError: `${unreachableCode(failed.finding)}: ${failed.line} (environment "${args.environment}", settings in ${config.envFile})`,
        harnessFinding: failed.finding,
      });
  }

  const childEnv = nestedRunEnvironment(
    {
      PLAYWRIGHT_JSON_OUTPUT_FILE: join(outDir, 'results.json'),
      PLAYWRIGHT_HTML_OUTPUT_DIR: join(outDir, 'playwright-report'),
      GP_LEDGER_ROOT: join(outDir, 'sla'),
      GP_SLA_JSON: join(outDir, 'sla.json'),
      GP_RUN_STARTED_AT: startedAt,
      GP_RECORDS_ROOT: join(outDir, 'run'),
      ...(args.faults !== undefined ? { GP_FAULTS: args.faults } : {}),
    },
    processEnv,
  );
  const [node, playwrightArgs] = playwrightTest(root, [
    `--project=${args.environment}`,
    `--output=${join(outDir, 'artifacts')}`,
    `--global-timeout=${args.maxMinutes * 60_000}`,
    ...(args.retries > 0 ? [`--retries=${args.retries}`] : []),
    ...args.passthrough,
  ]);
  const run = await runChild(node, playwrightArgs, {
    cwd: root,
    env: childEnv,
    timeoutMs: args.maxMinutes * 60_000 + 60_000,
  });
  // Read after the run, never before it: the run's first request to the target is its judged preflight.
  const targetVersions: Record<string, unknown> = config.local
    ? localVersions(join(outDir, 'artifacts'))
    : await readTargetVersions(config);
  // The runner's integrity judgement (F13: nothing ran, all skipped, a suite short), as its global teardown made it:
  // read as a value, never re-inferred from the report's error list.
  const integrity = readRunFinding(join(outDir, 'run'));
  if (integrity && run.exitCode !== 0)
    return finish({ harnessError: integrity.summary, harnessFinding: integrity, targetVersions });
  const early = childRunProblem(run);
  // The runner's own red line (nothing ran, the suite shrank, a non-zero exit with no failure): a false green averted.
  if (early)
    return finish({
      harnessError: early,
      harnessFinding: finding('F13', 'runner.integrity', early),
      targetVersions,
    });
  if (run.timedOut)
    return finish({
      harnessError: `GATE_TIMEOUT: the functional suites did not finish within ${args.maxMinutes} min`,
      targetVersions,
    });
  const reportFile = join(outDir, 'results.json');
  if (!existsSync(reportFile)) {
    return finish({
      harnessError: `NO_REPORT: playwright exited ${String(run.exitCode ?? run.signal)} without a report: ${run.stderrTail.slice(-1)[0] ?? ''}`,
      targetVersions,
    });
  }
  const report = readRunReport(readReportFile(reportFile));
  const late = childRunProblem(run, report.tests.filter((t) => t.outcome === 'failed').length);
  if (late)
    return finish({
      harnessError: late,
      harnessFinding: finding('F13', 'runner.integrity', late),
      targetVersions,
    });

  const entries = readLedgers(join(outDir, 'sla'));

  let load: LoadOutcome | undefined;
  if (args.withLoad) {
    const smoke = await runLoadSmoke(root, args.environment, nestedRunEnvironment({}), args.faults);
    if ('error' in smoke)
      return finish(
        { harnessError: smoke.error, targetVersions, runErrors: report.errors, slas: aggregate(entries) },
        report.tests,
      );
    load = smoke.load;
    entries.push(...smoke.slaEntries);
  }
  // One sla.json for the run: functional and load measurements together.
  const slas = aggregate(entries);
  writeFileSync(
    join(outDir, 'sla.json'),
    `${JSON.stringify({ generatedAt: new Date().toISOString(), slas }, null, 2)}\n`,
  );
  const measured = new Set(slas.map((s) => s.id));
  const history = store ? await historyVerdict(store, args, slas, report.tests) : {};
  return finish(
    {
      ...history,
      targetVersions,
      runErrors: report.errors,
      slas,
      notMeasured: SLA_DEFAULTS.map((d) => d.id).filter((id) => !measured.has(id)),
      // With a filter (`-- --grep …`) the run chose what to measure; unfiltered, the core SLAs must all be there.
      requiredMissing:
        args.passthrough.length > 0 ? [] : requiredSlas(config).filter((id) => !measured.has(id)),
      notApplicableSlas: notApplicableSlas(config.profile),
      ...(load ? { load } : {}),
    },
    report.tests,
  );
}

/** Regressions against the baseline and new flakes, read before this run is recorded. */
async function historyVerdict(
  store: HistoryStore,
  args: GateArgs,
  slas: readonly SlaRow[],
  tests: RunReport['tests'],
): Promise<Pick<Parameters<typeof decide>[0], 'historyFindings' | 'historyNotes'>> {
  const judged = await judgeAgainstHistory(store, {
    environment: args.environment,
    kind: args.kind,
    slas: slaRecords(slas),
    checks: checkRecords(tests),
    ...(args.baseline ? { baseline: args.baseline } : {}),
    tolerance: args.tolerance,
    flakeWindow: args.flakeWindow,
  });
  return {
    historyFindings: [...judged.regressions, ...judged.flakes.fresh].map((x) => ({
      line: x.line,
      finding: x.finding,
    })),
    historyNotes: [
      ...judged.flakes.unknown,
      ...(judged.noBaseline.length > 0 && args.baseline
        ? [
            `no ${describeBaseline(args.baseline)} baseline in the history yet for: ${judged.noBaseline.join(', ')}`,
          ]
        : []),
    ],
  };
}

function readLedgers(root: string): LedgerEntry[] {
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((d) => readLedger(join(root, d)));
}

/** For `local` the target lives only inside the run: its versions come from the environment panel the run wrote. */
function localVersions(artifacts: string): Record<string, unknown> {
  const file = join(artifacts, 'environment-info.json');
  if (!existsSync(file)) return {};
  return (JSON.parse(readFileSync(file, 'utf8')) as { versions?: Record<string, unknown> }).versions ?? {};
}
