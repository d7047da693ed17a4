// What each writer stores (pure): a gate verdict, a plain Playwright run (nightly) or a load summary as a RunRecord.
import { randomUUID } from 'node:crypto';
import type { Finding } from '../diagnosis/finding.ts';
import { finding } from '../diagnosis/finding.ts';
import type { TestOutcome } from '../gate/playwright-report.ts';
import type { Verdict } from '../gate/verdict.ts';
import { diagnoseSla } from '../diagnosis/diagnose.ts';
import { loadLedgerEntries, thresholdOutcomes, type LoadSummary } from '../report/load-summary.ts';
import { aggregate, type SlaRow } from '../sla/ledger.ts';
import type { CheckRecord, CheckState, RunKind, RunRecord, RunState, SlaRecord } from './types.ts';

const CHECK_STATE: Record<TestOutcome['outcome'], CheckState> = {
  passed: 'passed',
  failed: 'failed',
  flaky: 'flaky',
  skipped: 'skipped',
};

/** A test's stable name: its file and title path, and the project when there is one (the same test in two dialects). */
export function checkName(t: Pick<TestOutcome, 'file' | 'title' | 'project'>): string {
  return `${t.file} › ${t.title}${t.project ? ` [${t.project}]` : ''}`;
}

export function checkRecords(tests: readonly TestOutcome[]): CheckRecord[] {
  return tests.map((t) => ({
    name: checkName(t),
    state: CHECK_STATE[t.outcome],
    durationMs: t.durationMs ?? 0,
    retries: Math.max(0, t.attempts - 1),
    ...(t.finding ? { finding: t.finding } : {}),
    ...(t.traceId ? { traceId: t.traceId } : {}),
    ...(t.requestId ? { requestId: t.requestId } : {}),
  }));
}

export function slaRecords(rows: readonly SlaRow[]): SlaRecord[] {
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    measured: r.worst.measured ?? null,
    target: r.worst.target,
    ...(r.worst.degraded !== undefined ? { degraded: r.worst.degraded } : {}),
    unit: r.worst.unit,
    n: r.worst.summary?.n ?? r.worst.samples?.length ?? (r.worst.measured === undefined ? 0 : 1),
    ...(!r.pass && r.worst.finding ? { finding: r.worst.finding } : {}),
  }));
}

/** Failed beats degraded beats passed; a run whose checks and SLAs all passed but one SLA is degraded is degraded. */
export function runState(
  checks: readonly CheckRecord[],
  slas: readonly SlaRecord[],
  failed: boolean,
): RunState {
  if (
    failed ||
    checks.some((c) => c.state === 'failed') ||
    slas.some((s) => s.status === 'failed' || s.status === 'unmeasured')
  )
    return 'failed';
  return slas.some((s) => s.status === 'degraded') ? 'degraded' : 'passed';
}

export interface RunContext {
  kind: RunKind;
  selection: string;
  id?: string;
  /** Findings of the run as a whole (a regression, a new flake) beside the verdict's own. */
  findings?: Finding[];
}

/** The gate's verdict (its tests as read from the report): exit 2 is a run that could not judge, stored as failed. */
export function gateRunRecord(
  verdict: Verdict,
  tests: readonly TestOutcome[],
  slaRows: readonly SlaRow[],
  ctx: RunContext,
): RunRecord {
  const checks = checkRecords(tests);
  const slas = slaRecords(slaRows);
  const findings = [
    ...(verdict.harnessFinding ? [verdict.harnessFinding] : []),
    ...(verdict.exitCode === 2 && !verdict.harnessFinding
      ? [finding('unclassified', 'gate.harness-error', verdict.reasons[0] ?? 'harness error')]
      : []),
    ...(ctx.findings ?? []),
  ];
  const state: RunState =
    verdict.exitCode === 0
      ? slas.some((s) => s.status === 'degraded')
        ? 'degraded'
        : 'passed'
      : verdict.reasons[0]?.startsWith('GATE_TIMEOUT')
        ? 'crashed'
        : 'failed';
  // The run's trace: every test of the child run carried the one its requests did (docs/monitor.md, correlation).
  const traceId = checks.find((c) => c.traceId)?.traceId;
  return {
    id: ctx.id ?? randomUUID(),
    kind: ctx.kind,
    environment: verdict.environment,
    selection: ctx.selection,
    startedAt: verdict.startedAt,
    endedAt: verdict.endedAt,
    state,
    exitCode: verdict.exitCode,
    harnessCommit: verdict.harnessCommit,
    checks,
    slas,
    ...(traceId ? { traceId } : {}),
    ...(findings.length > 0 ? { findings } : {}),
  };
}

/** A plain Playwright run (nightly CI without the gate): its report's tests and its SLA ledger. */
export function playwrightRunRecord(input: {
  environment: string;
  tests: readonly TestOutcome[];
  runErrors: readonly string[];
  slaRows: readonly SlaRow[];
  startedAt: string;
  endedAt: string;
  harnessCommit?: string;
  ctx: RunContext;
  /** The runner itself said the run is not to be trusted (its integrity line): failed whatever the tests say. */
  failed?: boolean;
}): RunRecord {
  const checks = checkRecords(input.tests);
  const traceId = checks.find((c) => c.traceId)?.traceId;
  const slas = slaRecords(input.slaRows);
  const findings = [
    ...input.runErrors.map((e) =>
      finding('F13', 'runner.load-error', `the run could not load every suite: ${e}`),
    ),
    ...(input.ctx.findings ?? []),
  ];
  return {
    id: input.ctx.id ?? randomUUID(),
    kind: input.ctx.kind,
    environment: input.environment,
    selection: input.ctx.selection,
    startedAt: input.startedAt,
    endedAt: input.endedAt,
    state: runState(
      checks,
      slas,
      input.failed === true || input.runErrors.length > 0 || input.tests.length === 0,
    ),
    exitCode: null,
    ...(input.harnessCommit ? { harnessCommit: input.harnessCommit } : {}),
    // One trace per run: the run's tests carried it (a gate or nightly run learns it from them).
    ...(traceId ? { traceId } : {}),
    checks,
    slas,
    ...(findings.length > 0 ? { findings } : {}),
  };
}

/** A load run: one check per scenario (its thresholds), its SLA-judging thresholds as SLA measurements. */
export function loadRunRecord(
  summary: LoadSummary,
  exitCode: number | null,
  ctx: Omit<RunContext, 'kind' | 'selection'> & { scenario: string; environment: string; startedAt: string },
): RunRecord {
  const endedAt = summary.golden_path?.finishedAt ?? new Date().toISOString();
  const slas = slaRecords(aggregate(loadLedgerEntries(summary, ctx.scenario, ctx.environment, endedAt)));
  const failed = thresholdOutcomes(summary).filter((t) => !t.ok);
  const first = failed[0];
  const aborted = summary.golden_path?.aborted;
  const traceId = summary.golden_path?.traceId;
  const check: CheckRecord = {
    name: `load:${ctx.scenario}`,
    ...(traceId ? { traceId } : {}),
    state: failed.length > 0 ? 'failed' : 'passed',
    durationMs: summary.state?.testRunDurationMs ?? Date.parse(endedAt) - Date.parse(ctx.startedAt),
    retries: 0,
    ...(first
      ? {
          // The first crossed threshold that judges an SLA names the class, as the gate's verdict does.
          finding:
            (first.source ? diagnoseSla(first.source, `${first.metric} ${first.expression}`) : undefined) ??
            finding(
              'unclassified',
              'load.threshold',
              `load ${ctx.scenario}: ${failed.length} threshold(s) crossed: ${failed.map((t) => `${t.metric} ${t.expression}`).join('; ')}`,
            ),
        }
      : {}),
  };
  return {
    id: ctx.id ?? randomUUID(),
    kind: 'load',
    environment: ctx.environment,
    selection: `load:${ctx.scenario}`,
    startedAt: ctx.startedAt,
    endedAt,
    state: aborted ? 'crashed' : runState([check], slas, false),
    exitCode,
    checks: [check],
    slas,
    ...(traceId ? { traceId } : {}),
    ...(ctx.findings && ctx.findings.length > 0 ? { findings: ctx.findings } : {}),
  };
}
