// Distributed verdicts without k6: the same samples as one Node executor run and split over 2 and 4 segments give,
// once merged, exactly the one run's percentiles, counts and verdicts; the HDR scheme's bounds; refusals in one line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { buildSlaTable } from '../../src/config/sla-table.ts';
import {
  bucketOf,
  bucketRange,
  HDR_RESOLUTION,
  HDR_SCHEME,
  indexOf,
  octaveOf,
  OCTAVES,
  placesIn,
} from '../lib/hdr.ts';
import { HDR_TAG, hdrCounterName, hdrFromK6, hdrThresholds } from '../lib/hdr-carrier.ts';
import { mergeSummaries, MergeError } from '../lib/merge.ts';
import { M, metricsOf } from '../lib/metrics.ts';
import { planFromEnv } from '../lib/plan.ts';
import type { LoadSummary, SummaryMetric } from '../lib/summary.ts';
import { thresholdRules } from '../lib/thresholds.ts';
import { MetricsRegistry } from './metrics-registry.ts';
import { nodeSummary } from './node-summary.ts';
import { expectWithinResolution } from './hdr-expect.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const plan = planFromEnv({
  GP_SCENARIO: 'ws-concurrency',
  GP_API_URL: 'http://127.0.0.1:1',
  GP_WS_URL: 'ws://127.0.0.1:1/ws',
  GP_QUESTION: 'what is the golden path?',
  GP_FOLLOW_UP: 'and then?',
});
/** The run's thresholds; a segment's count floors are its share (as the k6-operator manifest sets them). */
const rulesFor = (parts: number) =>
  thresholdRules('ws-concurrency', buildSlaTable({ SLA_LOAD_CONCURRENT_CONNECTIONS: 50 / parts }), {
    isolation: true,
    login: true,
  });
const defs = metricsOf('ws-concurrency');
const TRENDS = defs.filter((d) => d.kind === 'trend');

/** A deterministic stream of samples: every trend over five decades with repeats and a far tail, rates, counters. */
function samples(n: number): [name: string, value: number | boolean][] {
  let seed = 12345;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const out: [string, number | boolean][] = [];
  for (let i = 0; i < n; i++) {
    const t = TRENDS[i % TRENDS.length];
    if (!t) continue;
    const r = next();
    out.push([
      t.name,
      i % 50 === 0 ? 0 : r < 0.02 ? 5000 + r * 1e5 : Math.round(10 ** (r * 4) * 1000) / 1000,
    ]);
    if (i % 7 === 0) out.push([M.journeyOk.name, r > 0.1]);
    if (i % 11 === 0) out.push([M.runs.name, 1]);
    if (i % 300 === 0) out.push([M.sessionsHeld.name, 1]);
  }
  return out;
}

const SAMPLES = samples(20_000);

/** The summary of the samples given, as the Node executor writes it (one instance, or one segment). */
function summaryOf(part: readonly [string, number | boolean][], parts = 1, segment?: string): LoadSummary {
  const registry = new MetricsRegistry(defs);
  for (const [name, value] of part) {
    const def = defs.find((d) => d.name === name);
    if (def) registry.add(def, value);
  }
  const summary = nodeSummary({
    plan,
    rules: rulesFor(parts),
    registry,
    durationMs: 60_000,
    startedAt: new Date(0),
    finishedAt: new Date(60_000),
    errors: [],
  });
  if (segment && summary.golden_path) summary.golden_path.segment = segment;
  return summary;
}

/** Sample i goes to segment i mod k (k6 hands out iterations in its own order: any split is a split). */
function segments(k: number): { name: string; summary: LoadSummary }[] {
  return Array.from({ length: k }, (_, j) => ({
    name: `segment-${j}.json`,
    summary: summaryOf(
      SAMPLES.filter((_, i) => i % k === j),
      k,
      `${j}/${k}:${j + 1}/${k}`,
    ),
  }));
}

const one = summaryOf(SAMPLES);

for (const k of [2, 4]) {
  test(`${k} segments merged: the one run's percentiles, max, min and counts exactly, and its verdicts`, () => {
    const merged = mergeSummaries(segments(k));
    expect(merged.golden_path?.merged).toEqual({
      summaries: k,
      segments: Array.from({ length: k }, (_, j) => `${j}/${k}:${j + 1}/${k}`),
      leftOut: [],
    });
    for (const t of TRENDS) {
      const single = one.metrics[t.name]?.values ?? {};
      const got = merged.metrics[t.name]?.values ?? {};
      expect(single.count, t.name).toBeGreaterThan(1000);
      for (const stat of ['med', 'p(90)', 'p(95)', 'p(99)', 'max', 'min', 'count'])
        expect(got[stat], `${t.name} ${stat}`).toBe(single[stat]);
      // The sum is added in another order: equal but for the last bits.
      expect(got.avg).toBeCloseTo(single.avg ?? NaN, 6);
      expect(merged.golden_path?.hdr?.trends[t.name]?.buckets).toEqual(
        one.golden_path?.hdr?.trends[t.name]?.buckets,
      );
    }
    expect(merged.golden_path?.histograms).toEqual(one.golden_path?.histograms);
    expect(merged.metrics[M.journeyOk.name]?.values).toEqual(one.metrics[M.journeyOk.name]?.values);
    expect(merged.metrics[M.runs.name]?.values).toEqual(one.metrics[M.runs.name]?.values);
    // An avg (agent_events_spread's) is a sum added in another order: compared to 12 significant digits.
    const verdict = (s: LoadSummary) =>
      s.golden_path?.thresholds.map((r) => [
        r.metric,
        r.expression,
        r.source.replace(/ \(the .*/, ''),
        r.ok,
        r.measured?.toPrecision(12),
        r.n,
        r.unmeasured,
      ]);
    expect(verdict(merged)).toEqual(verdict(one));
    expect(verdict(merged)?.some((r) => r[3] === false)).toBe(true);
    // Each part held its share of sessions; the whole run is judged on the whole run's floor.
    expect(
      segments(k)[0]?.summary.golden_path?.thresholds.find((t) => t.metric === M.sessionsHeld.name),
    ).toMatchObject({ expression: `count>=${50 / k}` });
    expect(merged.golden_path?.thresholds.find((t) => t.metric === M.sessionsHeld.name)).toMatchObject({
      expression: 'count>=50',
      ok: true,
      source: `load.concurrent_connections (the ${k} parts' count>=${50 / k} added up)`,
    });
  });
}

test('a merged percentile is the nearest-rank sample, at most the stated resolution above it', () => {
  const merged = mergeSummaries(segments(4));
  for (const t of TRENDS)
    expectWithinResolution(
      merged.metrics[t.name]?.values ?? {},
      SAMPLES.filter(([name]) => name === t.name).map(([, v]) => v as number),
      t.name,
    );
});

test('the bucket scheme: every value within its bucket, buckets at most 1/64 wide, octaves and places round-trip', () => {
  const wrong: string[] = [];
  for (let v = 0; v < 1e6; v = v * 1.013 + 0.0007) {
    const { low, high } = bucketRange(bucketOf(v));
    const u = Math.round(v * 1000) / 1000;
    if (u < low || u > high) wrong.push(`${v} outside [${low}, ${high}]`);
    if (low > 0.128 && (high - low) / low > HDR_RESOLUTION) wrong.push(`[${low}, ${high}] too wide`);
  }
  let buckets = 0;
  for (let octave = 0; octave < OCTAVES; octave++)
    for (let place = 0; place < placesIn(octave); place++, buckets++) {
      const back = octaveOf(indexOf(octave, place));
      if (back.octave !== octave || back.place !== place)
        wrong.push(`${octave}/${place} read back as ${back.octave}/${back.place}`);
    }
  expect(wrong).toEqual([]);
  expect(buckets).toBe(1600);
  expect(bucketOf(1e9)).toBe(1599);
  expect(Object.keys(hdrThresholds(['a_duration']))).toHaveLength(1600);
});

test("k6's bucket sub-metrics read back into the histogram the Node executor keeps for the same samples", () => {
  const values = [0, 0.001, 0.5, 3.2, 3.2, 47.9, 1234.5, 99_000];
  const registry = new MetricsRegistry([M.handshake]);
  const metrics: Record<string, SummaryMetric> = {};
  for (const v of values) {
    registry.add(M.handshake, v);
    const { octave, place } = octaveOf(bucketOf(v));
    const key = `${hdrCounterName(M.handshake.name, octave)}{${HDR_TAG}:${place}}`;
    const count = (metrics[key]?.values.count ?? 0) + 1;
    metrics[key] = { type: 'counter', contains: 'default', values: { count, rate: 0 } };
  }
  // k6 also lists every bucket with a threshold and no sample: counted as nothing.
  metrics[`${hdrCounterName(M.handshake.name, 5)}{${HDR_TAG}:1}`] = {
    type: 'counter',
    contains: 'default',
    values: { count: 0, rate: 0 },
  };
  metrics[M.handshake.name] = registry.toSummary(1000)[M.handshake.name] as SummaryMetric;
  const fromK6 = hdrFromK6(metrics, [M.handshake.name, M.login.name]);
  expect(Object.keys(fromK6)).toEqual([M.handshake.name]);
  const kept = registry.hdr().trends[M.handshake.name];
  expect(fromK6[M.handshake.name]).toMatchObject({ count: 8, min: 0, max: 99_000, buckets: kept?.buckets });
  expect(fromK6[M.handshake.name]?.sum).toBeCloseTo(kept?.sum ?? NaN, 6);
});

test('summaries of different scenarios, plans or schemes, without histograms, or with segments missing are refused', () => {
  const [a, b] = segments(2) as [
    { name: string; summary: LoadSummary },
    { name: string; summary: LoadSummary },
  ];
  const alter = (f: (s: LoadSummary) => void) => {
    const s = structuredClone(b.summary);
    f(s);
    return [a, { name: b.name, summary: s }];
  };
  const refused = (parts: { name: string; summary: LoadSummary }[]): string => {
    try {
      mergeSummaries(parts);
    } catch (error) {
      expect(error).toBeInstanceOf(MergeError);
      return (error as Error).message;
    }
    return 'merged';
  };
  expect(refused([a])).toBe('--merge needs at least two summaries');
  expect(refused(alter((s) => s.golden_path && (s.golden_path.scenario = 'health-latency')))).toBe(
    'segment-1.json is scenario health-latency, segment-0.json is ws-concurrency',
  );
  expect(refused(alter((s) => s.golden_path && (s.golden_path.loadShape.vus = 7)))).toMatch(
    /^segment-1\.json ran another plan than segment-0\.json/,
  );
  expect(
    refused(alter((s) => s.golden_path?.hdr && (s.golden_path.hdr.scheme = 'log-linear/0.001/2048x20'))),
  ).toBe(`segment-1.json has bucket scheme log-linear/0.001/2048x20, not ${HDR_SCHEME}`);
  expect(refused(alter((s) => delete s.golden_path?.hdr))).toMatch(
    /^segment-1\.json carries no HDR histograms/,
  );
  expect(refused(alter((s) => delete s.golden_path?.hdr?.trends[M.handshake.name]))).toMatch(
    /^segment-1\.json has \d+ samples of ws_handshake_duration but no HDR histogram for it$/,
  );
  expect(refused(alter((s) => s.golden_path && (s.golden_path.segment = '2/3:1')))).toMatch(
    /segment 2\/3:1, but the segments before it end at 0\.5: a part is missing/,
  );
  expect(refused(alter((s) => s.golden_path && (s.golden_path.segment = '0:1/2')))).toMatch(/they overlap/);
  expect(refused(alter((s) => s.golden_path && delete s.golden_path.segment))).toBe(
    'segment-1.json states no execution segment, the others do',
  );
});

test('npm run load -- --merge: one merged summary and verdict (exit 99 naming the breach), refusals in one line, exit 2', () => {
  test.setTimeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'gp-merge-'));
  try {
    const files = segments(2).map(({ name, summary }) => {
      const file = join(dir, name);
      writeFileSync(file, JSON.stringify(summary));
      return file;
    });
    const load = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/load.ts'), ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 30_000,
      });
    const ok = load('--merge', ...files, '--out', dir);
    expect(ok.status, ok.stderr).toBe(99);
    expect(ok.stderr).toContain('golden-path load: merged 2 summaries (segments 0/2:1/2, 1/2:2/2)');
    expect(ok.stderr).toMatch(/THRESHOLD FAILED golden_path_success rate>=/);
    const merged = JSON.parse(
      readFileSync(join(dir, 'latest-ws-concurrency-merged.json'), 'utf8'),
    ) as LoadSummary;
    expect(merged.metrics[M.handshake.name]?.values['p(95)']).toBe(
      one.metrics[M.handshake.name]?.values['p(95)'],
    );

    const other = join(dir, 'other.json');
    writeFileSync(
      other,
      JSON.stringify({ ...one, golden_path: { ...one.golden_path, scenario: 'health-latency' } }),
    );
    const refused = load('--merge', files[0] ?? '', other, '--out', dir);
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim().split('\n')).toEqual([
      `golden-path load: --merge refused: ${other} is scenario health-latency, ${files[0]} is ws-concurrency`,
    ]);
    const mixed = load('--merge', ...files, '--vus', '5');
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toContain('--merge takes summary files and --out only, not --vus');
    const stray = load('--scenario', 'health-latency', files[0] ?? '');
    expect(stray.status).toBe(2);
    expect(stray.stderr).toContain('unexpected argument');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
