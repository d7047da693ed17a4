// handleSummary for every scenario: k6's own data plus the harness's run description, as JSON files and text.
import { describeRun, judgeThresholds, type LoadSummary, type RunMeta } from '../lib/summary.ts';
import { formatSummaryText } from '../lib/summary-text.ts';
import { redactText } from '../../src/protocol/redaction.ts';
import type { K6Context } from './context.ts';

export function k6HandleSummary(ctx: K6Context, data: LoadSummary): Record<string, string> {
  const plan = ctx.plan;
  const finished = Date.now();
  const meta: RunMeta = {
    ...describeRun(
      'k6',
      plan,
      new Date(finished - data.state.testRunDurationMs).toISOString(),
      new Date(finished).toISOString(),
    ),
    // k6 passes a threshold whose metric has no samples; the harness does not (the launcher turns it into 99).
    thresholds: judgeThresholds(ctx.rules, data.metrics),
    errors: [],
  };
  const summary: LoadSummary = { ...data, golden_path: meta };
  // Redacted as it leaves k6: an error or a tag may carry a token the run was given.
  const json = redactText(JSON.stringify(summary, null, 2));
  const out: Record<string, string> = { stdout: formatSummaryText(summary) };
  const file = __ENV.GP_SUMMARY_FILE;
  // k6 opens these files but creates no folder: the launcher makes it; a direct `k6 run` needs
  // `mkdir -p load-results` first (or -e GP_SUMMARY_FILE=… in a folder that exists), else k6 logs
  // "could not open" and writes only the text below.
  out[file !== undefined && file !== '' ? file : `load-results/latest-${plan.scenario}.json`] = json;
  const latest = __ENV.GP_SUMMARY_LATEST;
  if (latest !== undefined && latest !== '') out[latest] = json;
  return out;
}
