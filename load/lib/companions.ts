// Two k6-only companion metrics and their thresholds: samples per thresholded trend or rate (so an unmeasured one
// fails inside k6 itself) and problems by kind. Engine-neutral code: the k6 sink and the unit tests share it.
import type { ScenarioName } from './load-shapes.ts';
import { metricsOf } from './metrics.ts';
import { PROBLEM_KIND_NAMES, type ProblemKind } from './problems.ts';
import type { ThresholdRule } from './thresholds.ts';

/**
 * k6 passes a threshold whose trend or rate has no sample (an empty trend's p(95) is 0). Each sample of a
 * thresholded trend or rate also counts here, tagged with its metric, and `count>0` on that sub-metric fails the
 * run inside k6 itself when nothing was measured.
 */
export const SAMPLES_METRIC = 'golden_path_samples';
/** Problems by kind (a VU's problem texts stay in its own runtime; counts cross VUs). */
export const PROBLEMS_METRIC = 'golden_path_problems';

export const samplesKey = (metric: string): string => `${SAMPLES_METRIC}{metric:${metric}}`;
export const problemsKey = (kind: ProblemKind): string => `${PROBLEMS_METRIC}{kind:${kind}}`;

/** Thresholded trends and rates: the metrics whose samples are counted. */
export function needsSamples(scenario: ScenarioName, rules: readonly ThresholdRule[]): string[] {
  const sampled = new Set(
    metricsOf(scenario)
      .filter((d) => d.kind === 'trend' || d.kind === 'rate')
      .map((d) => d.name),
  );
  return [...new Set(rules.map((r) => r.metric))].filter((name) => sampled.has(name));
}

/**
 * The companions' thresholds: `count>0` on each thresholded trend's and rate's samples, and an always-met one on
 * each problem kind (k6 puts a sub-metric in the summary only when a threshold names it).
 */
export function companionThresholds(
  scenario: ScenarioName,
  rules: readonly ThresholdRule[],
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const name of needsSamples(scenario, rules)) out[samplesKey(name)] = ['count>0'];
  for (const kind of PROBLEM_KIND_NAMES) out[problemsKey(kind)] = ['count>=0'];
  return out;
}
