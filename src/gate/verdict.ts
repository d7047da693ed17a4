// The gate's decision (pure): ship (0), don't ship (1), or harness misconfigured / target unreachable (2) — never 0 by default.
import type { SlaRow } from '../sla/ledger.ts';
import type { FailureClass } from '../diagnosis/catalogue.ts';
import { diagnoseSla } from '../diagnosis/diagnose.ts';
import { finding, type Finding } from '../diagnosis/finding.ts';
import { className } from '../diagnosis/render.ts';
import { redactValue } from '../protocol/redaction.ts';
import type { ThresholdOutcome } from '../report/load-summary.ts';
import type { TestOutcome } from './playwright-report.ts';
import type { Acceptance } from '../config/accepted-findings.ts';

export type Decision = 'ship' | 'dont-ship' | 'harness-error';

/**
 * Which flaky tests (passed only on a retry) block: all (the default: a pass that needed a retry is not a clean
 * pass), none, or those carrying one of the tags. `--allow-flaky N` lets up to N blocking ones through as warnings.
 */
export type FlakyPolicy = { blocks: 'all' } | { blocks: 'none' } | { blocks: 'tagged'; tags: string[] };

export const DEFAULT_FLAKY_BLOCKS = 'all';

/** `all`, `none`, or a comma-separated tag list (`@golden-path,@smoke`). */
export function parseFlakyPolicy(setting: string | undefined): FlakyPolicy {
  const value = (setting ?? DEFAULT_FLAKY_BLOCKS).trim();
  if (value === 'all') return { blocks: 'all' };
  if (value === 'none' || value === '') return { blocks: 'none' };
  return {
    blocks: 'tagged',
    tags: value
      .split(',')
      .map((t) => t.trim().replace(/^@/, ''))
      .filter(Boolean),
  };
}

export function flakyBlocks(test: Pick<TestOutcome, 'tags'>, policy: FlakyPolicy): boolean {
  if (policy.blocks === 'all') return true;
  if (policy.blocks === 'none') return false;
  return test.tags.some((t) => policy.tags.includes(t));
}

export interface LoadOutcome {
  scenario: string;
  summaryFile: string;
  thresholds: ThresholdOutcome[];
  /** Thresholds this load run cannot speak to (capacity in a smoke): reported, neither passed nor failed. */
  notJudged?: string[];
}

export interface GateInput {
  environment: string;
  startedAt: string;
  endedAt: string;
  harnessCommit: string;
  targetVersions: Record<string, unknown>;
  /** Set when the run could not be judged at all (config error, unreachable target, no report): exit 2. */
  harnessError?: string;
  /** What the harness error points to (F13 for an unreachable target, HARNESS for a setting). */
  harnessFinding?: Finding;
  tests: TestOutcome[];
  runErrors: string[];
  slas: SlaRow[];
  /** SLA ids of the table no test of this run measured (reported, not judged). */
  notMeasured: string[];
  /** SLAs the unfiltered functional run must measure and did not: each a failure (sla.md: unmeasured is never a skip). */
  requiredMissing?: string[];
  load?: LoadOutcome;
  flaky: FlakyPolicy;
  /** `--allow-flaky N`: up to N blocking flaky tests are reported, not blocking (default 0). */
  allowFlaky?: number;
  /** sla.md: a degraded SLA is reported, and fails only when the gate is told so. */
  degradedBlocks?: boolean;
  /** The profile's accepted findings: each listed; an expired one is a reason not to ship. */
  accepted?: Acceptance[];
  /** SLAs of the table the profile's capabilities rule out, with the n/a reason: neither judged nor missing. */
  notApplicableSlas?: Array<{ id: string; reason: string }>;
  /** Judged against the run history (docs/history.md): each regression and new flake is a reason not to ship. */
  historyFindings?: Array<{ line: string; finding: Finding }>;
  /** What the history could not judge (no baseline yet, a flaky test with a short history): warnings. */
  historyNotes?: string[];
}

/** Something n/a by the profile's capabilities: a test or an SLA, with its reason. */
export interface NotApplicable {
  kind: 'test' | 'sla';
  /** The test's title or the SLA id. */
  name: string;
  reason: string;
}

export interface SlaLine {
  id: string;
  status: SlaRow['status'];
  pass: boolean;
  measured: number | undefined;
  target: number;
  unit: string;
  n: number;
  message: string;
  sources: string[];
  /** Measured on a retry (a flaky test's figure). */
  flaky: boolean;
}

export interface Verdict {
  environment: string;
  targetVersions: Record<string, unknown>;
  harnessCommit: string;
  startedAt: string;
  endedAt: string;
  /** `skipped` excludes `na`: a test n/a by the profile's capabilities is counted apart, never as passed. */
  tests: { total: number; passed: number; failed: number; flaky: number; skipped: number; na: number };
  failures: Array<Pick<TestOutcome, 'title' | 'file' | 'project' | 'tags' | 'error' | 'finding'>>;
  flakyTests: Array<Pick<TestOutcome, 'title' | 'file' | 'tags'> & { blocks: boolean }>;
  skippedTests: string[];
  slas: SlaLine[];
  /** Tests and SLAs n/a by the profile's capabilities, each with its reason. */
  notApplicable: NotApplicable[];
  /** Accepted findings, never a silent pass: "accepted — reason, until DATE", or expired (a reason). */
  accepted: Acceptance[];
  notMeasured: string[];
  requiredMissing: string[];
  load?: LoadOutcome;
  verdict: Decision;
  exitCode: 0 | 1 | 2;
  /** Why not "ship": each failing test, SLA, threshold, blocking flaky test — or the harness error. */
  reasons: string[];
  /** What a harness error (exit 2) points to, when it was classified. */
  harnessFinding?: Finding;
  /** Regressions against the baseline (F37) and new flakes (F38), when the gate read a history. */
  historyFindings?: Finding[];
  /** Reported, not blocking: non-blocking flaky tests, skipped tests, degraded SLAs. */
  warnings: string[];
  likelyCauses: Array<{ id: FailureClass; name: string; count: number }>;
}

export function decide(input: GateInput): Verdict {
  const count = (o: TestOutcome['outcome']): number => input.tests.filter((t) => t.outcome === o).length;
  const failed = input.tests.filter((t) => t.outcome === 'failed');
  const flaky = input.tests
    .filter((t) => t.outcome === 'flaky')
    .map((t) => ({ title: t.title, file: t.file, tags: t.tags, blocks: flakyBlocks(t, input.flaky) }));
  const allowance = input.allowFlaky ?? 0;
  const allowed = flaky.filter((f) => f.blocks).length <= allowance;
  if (allowed) for (const f of flaky) f.blocks = false;
  const skipped = input.tests.filter((t) => t.outcome === 'skipped' && t.na === undefined);
  const na = input.tests.filter((t) => t.outcome === 'skipped' && t.na !== undefined);
  const naSlas = new Map((input.notApplicableSlas ?? []).map((s) => [s.id, s.reason]));
  const notApplicable: NotApplicable[] = [
    ...na.map((t) => ({ kind: 'test' as const, name: t.title, reason: t.na ?? '' })),
    ...[...naSlas].map(([name, reason]) => ({ kind: 'sla' as const, name, reason })),
  ];
  const slas: SlaLine[] = input.slas.map((r) => ({
    id: r.id,
    status: r.status,
    pass: r.pass,
    measured: r.worst.measured,
    target: r.worst.target,
    unit: r.worst.unit,
    n: r.worst.summary?.n ?? r.worst.samples?.length ?? (r.worst.measured === undefined ? 0 : 1),
    message: r.worst.message,
    sources: r.sources,
    flaky: r.flaky,
  }));

  const reasons: string[] = [];
  const warnings: string[] = [];
  let harnessError = input.harnessError;
  let harnessFinding = input.harnessFinding;
  if (!harnessError && input.runErrors.length > 0) {
    harnessError = `the test run could not load every suite: ${input.runErrors[0] ?? ''}`;
    harnessFinding = finding('F13', 'runner.load-error', harnessError);
  }
  // A test that failed on the harness's own settings (a setting missing inside a test) says nothing of the product.
  const misconfigured = failed.find((t) => t.finding?.class === 'HARNESS');
  if (!harnessError && misconfigured) {
    harnessError = `the harness is misconfigured: ${misconfigured.error?.split('\n')[0] ?? ''} (${misconfigured.title})`;
    harnessFinding = misconfigured.finding;
  }
  if (!harnessError && input.tests.length - skipped.length - na.length === 0) {
    harnessError = `NO_TESTS_RAN: ${input.tests.length} test(s) collected, ${skipped.length} skipped, ${na.length} n/a, none executed: a gate that tests nothing cannot pass`;
    harnessFinding = finding('F13', 'runner.no-tests', harnessError);
  }

  for (const t of failed)
    reasons.push(`test failed: ${t.title} (${t.file})${t.error ? ` — ${t.error}` : ''}`);
  for (const f of flaky)
    (f.blocks ? reasons : warnings).push(
      `flaky (passed only on retry${f.blocks ? `, blocks: more than --allow-flaky ${allowance}` : allowance > 0 ? `, allowed by --allow-flaky ${allowance}` : ''}): ${f.title} (${f.file})`,
    );
  for (const s of slas.filter((x) => !x.pass)) reasons.push(s.message);
  for (const id of (input.requiredMissing ?? []).filter((x) => !naSlas.has(x)))
    reasons.push(
      `SLA ${id} not measured on ${input.environment}: no test of this run measured it (unmeasured is a failure, never a skip)`,
    );
  // A threshold that judges an SLA is already among the SLAs (its ledger entry); the others (invariants) are named here.
  const slaIds = new Set(slas.map((s) => s.id));
  for (const t of input.load?.thresholds.filter((x) => !x.ok && !(x.source && slaIds.has(x.source))) ?? []) {
    reasons.push(
      `load threshold crossed: ${t.metric} ${t.expression}${t.source ? ` (${t.source})` : ''} (${input.load?.scenario ?? ''})`,
    );
  }
  for (const a of (input.accepted ?? []).filter((x) => x.expired))
    reasons.push(
      `accepted finding ${a.id}: ${a.line} (renew it in the profile with a new \`until\`, or fix the finding)`,
    );
  for (const s of slas.filter((x) => x.status === 'degraded'))
    (input.degradedBlocks ? reasons : warnings).push(
      input.degradedBlocks ? `${s.message} (blocks: --fail-on degraded)` : s.message,
    );
  for (const h of input.historyFindings ?? []) reasons.push(h.line);
  warnings.push(...(input.historyNotes ?? []));
  warnings.push(...(input.load?.notJudged ?? []));
  if (skipped.length > 0)
    warnings.push(`${skipped.length} test(s) skipped: ${skipped.map((t) => t.title).join('; ')}`);

  const causes = new Map<FailureClass, { id: FailureClass; name: string; count: number }>();
  for (const f of [
    ...failed.map((t) => t.finding),
    ...input.slas.filter((s) => !s.pass).map((s) => s.worst.finding ?? diagnoseSla(s.id, s.worst.message)),
    ...(input.load?.thresholds ?? []).map((t) =>
      !t.ok && t.source ? diagnoseSla(t.source, t.metric) : undefined,
    ),
    ...(input.historyFindings ?? []).map((h) => h.finding),
    harnessFinding,
  ]) {
    if (!f || f.class === 'unclassified') continue;
    causes.set(f.class, {
      id: f.class,
      name: className(f.class),
      count: (causes.get(f.class)?.count ?? 0) + 1,
    });
  }

  const decision: Decision = harnessError ? 'harness-error' : reasons.length > 0 ? 'dont-ship' : 'ship';
  // Redacted once here: the verdict file, the table, JUnit and the alert are all rendered from this value.
  return redactValue({
    environment: input.environment,
    targetVersions: input.targetVersions,
    harnessCommit: input.harnessCommit,
    startedAt: input.startedAt,
    endedAt: input.endedAt,
    tests: {
      total: input.tests.length,
      passed: count('passed'),
      failed: failed.length,
      flaky: flaky.length,
      skipped: skipped.length,
      na: na.length,
    },
    failures: failed.map((t) => ({
      title: t.title,
      file: t.file,
      project: t.project,
      tags: t.tags,
      ...(t.error ? { error: t.error } : {}),
      ...(t.finding ? { finding: t.finding } : {}),
    })),
    flakyTests: flaky,
    skippedTests: skipped.map((t) => t.title),
    slas,
    notApplicable,
    accepted: input.accepted ?? [],
    notMeasured: input.notMeasured.filter((id) => !naSlas.has(id)),
    requiredMissing: (input.requiredMissing ?? []).filter((id) => !naSlas.has(id)),
    ...(input.load ? { load: input.load } : {}),
    verdict: decision,
    exitCode: decision === 'ship' ? 0 : decision === 'dont-ship' ? 1 : 2,
    reasons: harnessError ? [harnessError, ...reasons] : reasons,
    ...(harnessError && harnessFinding ? { harnessFinding } : {}),
    ...(input.historyFindings && input.historyFindings.length > 0
      ? { historyFindings: input.historyFindings.map((h) => h.finding) }
      : {}),
    warnings,
    likelyCauses: [...causes.values()].sort((a, b) => b.count - a.count),
  });
}
