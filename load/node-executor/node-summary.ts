// The Node executor's summary of a run in k6's schema: its metrics, thresholds judged, the harness's run
// description, and each trend's HDR buckets (raw for `--merge`, log-spaced for display).
import type { LoadPlan } from '../lib/plan.ts';
import {
  applyThresholds,
  describeRun,
  judgeThresholds,
  TREND_STATS,
  type LoadSummary,
  type RunMeta,
} from '../lib/summary.ts';
import type { ThresholdRule } from '../lib/thresholds.ts';
import type { MetricsRegistry } from './metrics-registry.ts';

export interface NodeRunFacts {
  plan: LoadPlan;
  rules: readonly ThresholdRule[];
  registry: MetricsRegistry;
  durationMs: number;
  startedAt: Date;
  finishedAt: Date;
  errors: RunMeta['errors'];
  aborted?: string | undefined;
}

export function nodeSummary(run: NodeRunFacts): LoadSummary {
  const metrics = run.registry.toSummary(run.durationMs);
  const results = judgeThresholds(run.rules, metrics);
  applyThresholds(metrics, results);
  return {
    root_group: { name: '', path: '', id: 'd41d8cd98f00b204e9800998ecf8427e', groups: [], checks: [] },
    options: { summaryTrendStats: [...TREND_STATS], summaryTimeUnit: '', noColor: false },
    state: {
      isStdOutTTY: process.stdout.isTTY === true,
      isStdErrTTY: process.stderr.isTTY === true,
      testRunDurationMs: run.durationMs,
    },
    metrics,
    golden_path: {
      ...describeRun('node', run.plan, run.startedAt.toISOString(), run.finishedAt.toISOString()),
      ...(run.aborted !== undefined ? { aborted: run.aborted } : {}),
      thresholds: results,
      errors: run.errors,
      histograms: run.registry.histograms(),
      hdr: run.registry.hdr(),
    },
  };
}
