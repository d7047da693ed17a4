// The gate's short load smoke: `npm run load` as a child process, judged by the thresholds in its summary.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadLedgerEntries, parseSummary, SummaryError, thresholdOutcomes } from '../report/load-summary.ts';
import type { LedgerEntry } from '../sla/ledger.ts';
import { runChild } from './child.ts';
import type { LoadOutcome } from './verdict.ts';
import { formatDuration } from '../format/duration.ts';

/** Small on purpose: a smoke that the capacity path works, not a capacity test (that is load-before-deploy). */
export const LOAD_SMOKE = {
  scenario: 'ws-concurrency',
  vus: 10,
  duration: '10s',
  timeoutMs: 180_000,
} as const;

/** The thresholds, and those that judge an SLA as ledger entries (they join the run's SLAs in the verdict). */
/**
 * SLAs about capacity (50 sessions held) cannot be shown by a 10-session smoke: neither met nor breached, so they
 * are named as not judged here, never counted as passed.
 */
const CAPACITY_SLAS: ReadonlySet<string> = new Set(['load.concurrent_connections']);

export type LoadSmokeResult = { load: LoadOutcome; slaEntries: LedgerEntry[] } | { error: string };

export async function runLoadSmoke(
  root: string,
  environment: string,
  env: NodeJS.ProcessEnv,
  faults?: string,
): Promise<LoadSmokeResult> {
  const started = Date.now();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const args = [
    ...[
      'run',
      '--silent',
      'load',
      '--',
      '--env',
      environment,
      '--scenario',
      LOAD_SMOKE.scenario,
      '--vus',
      String(LOAD_SMOKE.vus),
      '--duration',
      LOAD_SMOKE.duration,
    ],
    ...(faults !== undefined ? ['--faults', faults] : []),
    // Asking the gate for a load smoke on a remote environment is the consent the load runner wants; production
    // stays refused unless someone runs `npm run load -- --allow-production` by hand.
    ...(environment.startsWith('local') ? [] : ['--allow-remote']),
  ];
  const run = await runChild(npm, args, { cwd: root, env, timeoutMs: LOAD_SMOKE.timeoutMs });
  if (run.timedOut)
    return {
      error: `LOAD_SMOKE_TIMEOUT: npm run load did not finish within ${formatDuration(LOAD_SMOKE.timeoutMs, { unit: 's', digits: 0 })}`,
    };
  if (run.harnessLines.length > 0) return { error: run.harnessLines[0] as string };
  const file = join('load-results', `latest-${LOAD_SMOKE.scenario}.json`);
  const path = join(root, file);
  // A summary older than this run would judge someone else's load: missing or stale is a harness error.
  if (!existsSync(path) || statSync(path).mtimeMs < started - 1000) {
    const tail = run.stderrTail.slice(-1)[0] ?? `exit code ${String(run.exitCode)}`;
    return { error: `LOAD_SMOKE_NO_SUMMARY: npm run load wrote no ${file} (${tail})` };
  }
  try {
    const summary = parseSummary(readFileSync(path, 'utf8'), file);
    const all = thresholdOutcomes(summary);
    if (all.length === 0)
      return { error: `LOAD_SMOKE_NO_THRESHOLDS: ${file} judges nothing (no thresholds)` };
    const capacity = (source: string | undefined): boolean =>
      source !== undefined && CAPACITY_SLAS.has(source);
    const notJudged = all
      .filter((t) => capacity(t.source))
      .map(
        (t) =>
          `${t.source ?? ''} not judged by the load smoke (${LOAD_SMOKE.vus} sessions): load-before-deploy judges it (${t.metric} ${t.expression})`,
      );
    const at = summary.golden_path?.finishedAt ?? new Date().toISOString();
    return {
      load: {
        scenario: LOAD_SMOKE.scenario,
        summaryFile: file,
        thresholds: all.filter((t) => !capacity(t.source)),
        notJudged,
      },
      slaEntries: loadLedgerEntries(summary, LOAD_SMOKE.scenario, environment, at).filter(
        (e) => !capacity(e.id),
      ),
    };
  } catch (error) {
    if (error instanceof SummaryError) return { error: error.message };
    throw error;
  }
}
