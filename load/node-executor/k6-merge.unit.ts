// Distributed verdicts on a real k6 (K6_BIN or PATH): one instance and 2 and 4 `--execution-segment` parts of a
// deterministic workload (load/k6/hdr-probe.ts) through the scenarios' own sink and handleSummary; the parts merged
// hold the one instance's buckets and counts exactly, with percentiles within the scheme's resolution of the exact
// ones; and the shipped health-latency bundle in 2 segments against the reference target, merged into one verdict.
// Skipped, with the reason, where there is no k6.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { expect, test } from '@playwright/test';
import { probeValues } from '../k6/hdr-probe-values.ts';
import { mergeSummaries } from '../lib/merge.ts';
import { M } from '../lib/metrics.ts';
import type { LoadSummary } from '../lib/summary.ts';
import { findK6, K6_ESBUILD, k6RunArgs, NO_K6_REASON } from './k6-runner.ts';
import { planFromConfig } from './plan-from-config.ts';
import { planToEnv } from '../lib/plan.ts';
import { startLocalRun } from '../../src/local-target/local-run.ts';
import { buildLoadBundles } from '../../scripts/build-load.ts';
import { expectWithinResolution } from './hdr-expect.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const K6 = findK6(process.env.K6_BIN, process.env.PATH);
const ITERATIONS = 2000;

test.describe.configure({ mode: 'serial' });
test.skip(!K6, NO_K6_REASON);

let dir: string;
let bundle: string;
test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gp-k6-merge-'));
  bundle = join(dir, 'hdr-probe.js');
  await build({ ...K6_ESBUILD, entryPoints: [join(ROOT, 'load/k6/hdr-probe.ts')], outfile: bundle });
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One k6 instance of the probe: the whole test, or the segment given. */
function run(name: string, segment?: { of: string; sequence: string }): LoadSummary {
  // A segment's file is named by handleSummary from `{segment}` (as pods sharing a volume name theirs).
  const file = join(dir, `${name}-${segment ? segment.of.replace(/[:/]/g, '_') : 'whole'}.json`);
  const args = ['run', '--quiet', '--no-color'];
  if (segment) args.push('--execution-segment', segment.of, '--execution-segment-sequence', segment.sequence);
  for (const [k, v] of Object.entries({
    GP_API_URL: 'http://127.0.0.1:9',
    GP_DURATION_S: '1',
    GP_PROBE_ITERATIONS: String(ITERATIONS),
    GP_SUMMARY_FILE: join(dir, `${name}-{segment}.json`),
  }))
    args.push('-e', `${k}=${v}`);
  args.push(bundle);
  const k6 = spawnSync(K6 ?? 'k6', args, { encoding: 'utf8', timeout: 60_000 });
  expect(k6.status, `${k6.stdout}${k6.stderr}`).toBe(0);
  return JSON.parse(readFileSync(file, 'utf8')) as LoadSummary;
}

const TRENDS = {
  [M.health.name]: 'health',
  [M.healthReady.name]: 'ready',
  [M.lag.name]: 'lag',
} as const;

for (const k of [2, 4]) {
  test(`real k6, ${k} segments merged: the one instance's buckets and counts, percentiles within 1/64 of the exact`, () => {
    test.setTimeout(120_000);
    const one = run(`one-${k}`);
    // As k6 writes them back: reduced fractions (2/4 is 1/2).
    const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
    const points = Array.from({ length: k + 1 }, (_, j) =>
      j === 0 ? '0' : j === k ? '1' : `${j / gcd(j, k)}/${k / gcd(j, k)}`,
    );
    const sequence = points.join(',');
    const parts = Array.from({ length: k }, (_, j) => {
      const of = `${points[j]}:${points[j + 1]}`;
      return { name: `segment ${of}`, summary: run(`part-${k}-${j}`, { of, sequence }) };
    });
    // Each instance ran its share, and said which.
    expect(parts.map((p) => p.summary.golden_path?.segment)).toEqual(
      points.slice(0, -1).map((p, j) => `${p}:${points[j + 1]}`),
    );
    expect(parts.map((p) => p.summary.metrics[M.health.name]?.values.count)).toEqual(
      Array.from({ length: k }, () => ITERATIONS / k),
    );
    const merged = mergeSummaries(parts);
    expect(merged.golden_path?.merged?.segments).toHaveLength(k);
    for (const [name, key] of Object.entries(TRENDS)) {
      const exact = Array.from({ length: ITERATIONS }, (_, i) => probeValues(i)[key]);
      const single = one.golden_path?.hdr?.trends[name];
      expect(merged.golden_path?.hdr?.trends[name]?.buckets, name).toEqual(single?.buckets);
      const values = merged.metrics[name]?.values ?? {};
      // k6's own count, min and max of the one instance, exactly.
      for (const stat of ['count', 'min', 'max'])
        expect(values[stat], `${name} ${stat}`).toBe(one.metrics[name]?.values[stat]);
      expectWithinResolution(values, exact, name);
    }
    // One verdict, judged on the merged buckets.
    expect(merged.golden_path?.thresholds.map((t) => [t.metric, t.n])).toEqual(
      one.golden_path?.thresholds.map((t) => [t.metric, t.n]),
    );
  });
}

test('the shipped health-latency bundle in 2 segments on a real k6: each part its share, merged into one verdict', async () => {
  test.setTimeout(120_000);
  const local = await startLocalRun({ root: ROOT });
  try {
    const plan = planFromConfig({ scenario: 'health-latency', durationS: 3, ratePerS: 10 }, local.config);
    const shipped = (await buildLoadBundles()).find((b) => b.scenario === 'health-latency')?.file ?? '';
    const parts = ['0:1/2', '1/2:1'].map((of) => {
      const args = k6RunArgs(shipped, {
        ...planToEnv(plan),
        GP_SUMMARY_FILE: join(dir, 'health-{segment}.json'),
      });
      args.splice(1, 0, '--quiet', '--execution-segment', of, '--execution-segment-sequence', '0,1/2,1');
      const k6 = spawnSync(K6 ?? 'k6', args, { encoding: 'utf8', timeout: 60_000 });
      expect(k6.status, `${k6.stdout}${k6.stderr}`).toBe(0);
      const file = join(dir, `health-${of.replace(/[:/]/g, '_')}.json`);
      return { name: file, summary: JSON.parse(readFileSync(file, 'utf8')) as LoadSummary };
    });
    const counts = parts.map((p) => p.summary.metrics[M.health.name]?.values.count ?? 0);
    // k6 splits the arrival rate between the segments: each sent about half of the 30 arrivals.
    for (const n of counts) expect(n).toBeGreaterThan(5);
    const merged = mergeSummaries(parts);
    expect(merged.metrics[M.health.name]?.values.count).toBe((counts[0] ?? 0) + (counts[1] ?? 0));
    expect(merged.golden_path?.hdr?.trends[M.health.name]?.count).toBe((counts[0] ?? 0) + (counts[1] ?? 0));
    expect(merged.golden_path?.merged).toMatchObject({ summaries: 2, segments: ['0:1/2', '1/2:1'] });
    const health = merged.golden_path?.thresholds.find((t) => t.metric === M.health.name);
    expect(health).toMatchObject({ unmeasured: false, n: (counts[0] ?? 0) + (counts[1] ?? 0) });
  } finally {
    await local.target.stop();
  }
});
