// handleSummary for every scenario: k6's own data and verdicts plus the harness's run description (what actually
// ran, why it stopped early, problems by kind), as JSON files and text.
import { PROBLEM_KIND_NAMES, problemsByKind, type ProblemKind } from '../lib/problems.ts';
import {
  describeRun,
  sampleCount,
  type LoadSummary,
  type RunMeta,
  type SummaryMetric,
  type ThresholdResult,
} from '../lib/summary.ts';
import { formatSummaryText } from '../lib/summary-text.ts';
import { evaluateThreshold, parseThreshold, type ThresholdRule } from '../lib/thresholds.ts';
import { redactText } from '../../src/protocol/redaction.ts';
import type { K6Context } from './context.ts';
import { PROBLEMS_METRIC, problemsKey, SAMPLES_METRIC, samplesKey } from '../lib/companions.ts';
import type { ClosedShape } from './run-shape.ts';
import exec from 'k6/execution';
import { HDR_SCHEME } from '../lib/hdr.ts';
import { hdrFromK6, isHdrMetric } from '../lib/hdr-carrier.ts';
import { displayBuckets } from '../lib/log-buckets.ts';
import { trendsOf } from './context.ts';

export function k6HandleSummary(
  ctx: K6Context,
  data: LoadSummary,
  ran: { shape?: ClosedShape; refused?: string } = {},
): Record<string, string> {
  const plan = ran.shape ? { ...ctx.plan, ...ran.shape } : ctx.plan;
  const finished = Date.now();
  const metrics = { ...data.metrics };
  const thresholds = judgeK6Thresholds(ctx.rules, metrics);
  const counts: Partial<Record<ProblemKind, number>> = {};
  for (const k of PROBLEM_KIND_NAMES) counts[k] = metrics[problemsKey(k)]?.values.count ?? 0;
  const errors = problemsByKind(counts);
  const hdr = hdrFromK6(metrics, trendsOf(plan.scenario));
  // The companions are in the thresholds' n, the errors and the HDR set: the summary's metrics stay the catalogue's.
  for (const name of Object.keys(metrics))
    if (name.startsWith(SAMPLES_METRIC) || name.startsWith(PROBLEMS_METRIC) || isHdrMetric(name))
      delete metrics[name];
  const segment = exec.test.options.executionSegment;
  const regularS = plan.rampUpS + plan.durationS;
  const aborted = ran.refused ?? stoppedEarly(ctx.rules, thresholds, data.state.testRunDurationMs, regularS);
  const meta: RunMeta = {
    ...describeRun(
      'k6',
      plan,
      new Date(finished - data.state.testRunDurationMs).toISOString(),
      new Date(finished).toISOString(),
    ),
    ...(ran.shape?.from ? { ranAs: ran.shape.from } : {}),
    ...(aborted !== undefined ? { aborted } : {}),
    ...(typeof segment === 'string' && segment !== '' ? { segment } : {}),
    thresholds,
    errors,
    histograms: displayBuckets(hdr),
    hdr: { scheme: HDR_SCHEME, trends: hdr },
  };
  const summary: LoadSummary = { ...data, metrics, golden_path: meta };
  // Redacted as it leaves k6: an error or a tag may carry a token the run was given.
  const json = redactText(JSON.stringify(summary, null, 2));
  const out: Record<string, string> = { stdout: formatSummaryText(summary) };
  // `{segment}` in the file name: the instance's execution segment, so k6-operator pods sharing a volume do not
  // overwrite each other (0:1/4 → 0_1_4; `whole` when the instance ran the whole test).
  const file = __ENV.GP_SUMMARY_FILE?.replace(
    '{segment}',
    typeof segment === 'string' && segment !== '' ? segment.replace(/[:/]/g, '_') : 'whole',
  );
  // k6 opens these files but creates no folder: the launcher makes it; a direct `k6 run` needs
  // `mkdir -p load-results` first (or -e GP_SUMMARY_FILE=… in a folder that exists), else k6 logs
  // "could not open" and writes only the text below.
  out[file !== undefined && file !== '' ? file : `load-results/latest-${plan.scenario}.json`] = json;
  const latest = __ENV.GP_SUMMARY_LATEST;
  if (latest !== undefined && latest !== '') out[latest] = json;
  return out;
}

/**
 * Each rule as k6 judged it (so `--summary-trend-stats` without p(95) cannot turn a measured p(95) into "not
 * measured"), n from the samples companion, and never ok without samples.
 */
export function judgeK6Thresholds(
  rules: readonly ThresholdRule[],
  metrics: Record<string, SummaryMetric>,
): ThresholdResult[] {
  return rules.map((rule) => {
    const metric = metrics[rule.metric];
    const samples = metrics[samplesKey(rule.metric)]?.values.count;
    const n = samples ?? sampleCount(metric);
    // k6 reports only the trend statistics asked for: the count it left out is the companion's.
    if (metric?.type === 'trend' && metric.values.count === undefined && samples !== undefined)
      metric.values = { ...metric.values, count: samples };
    const unmeasured = metric === undefined || (metric.type !== 'counter' && n === 0);
    const measured = unmeasured ? undefined : metric.values[parseThreshold(rule.expression).aggregation];
    // k6 writes its verdict on every thresholded metric it reports; without one, the values are judged here.
    const k6Verdict = metric?.thresholds?.[rule.expression]?.ok;
    const ok = !unmeasured && (k6Verdict ?? evaluateThreshold(rule.expression, metric.values).ok);
    return {
      metric: rule.metric,
      expression: rule.expression,
      source: rule.source,
      ok,
      ...(measured !== undefined ? { measured } : {}),
      n,
      unmeasured,
    };
  });
}

/** Why a run ended before its window did: a hard threshold, or a stop from outside (signal, test.abort). */
function stoppedEarly(
  rules: readonly ThresholdRule[],
  results: readonly ThresholdResult[],
  ranMs: number,
  windowS: number,
): string | undefined {
  if (ranMs >= windowS * 1000) return undefined;
  const hard = results.find((r) => !r.ok && rules.find((x) => x.metric === r.metric)?.abortOnFail);
  if (hard) return `${hard.metric} ${hard.expression} crossed: the run was aborted (abortOnFail)`;
  return `interrupted after ${(ranMs / 1000).toFixed(1)} s of a ${windowS} s window (a signal, or k6 stopped the test)`;
}
