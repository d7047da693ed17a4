// Unit tests of the SVG chart builders: well-formed, self-contained, and showing what they claim.
import { expect, test } from '@playwright/test';
import { bucketize, latencyHistogram, percentileChart } from './chart-histogram.ts';
import { journeyWaterfall, phasesFromSteps } from './chart-waterfall.ts';
import { slaTrendChart } from './chart-trend.ts';
import { esc, ticks } from './svg.ts';

/** Every opened element is closed, in order: enough to know a browser will parse it as one document. */
function expectWellFormed(svg: string): void {
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = m;
    if (selfClosing) continue;
    if (closing) expect(stack.pop(), `closing </${name}>`).toBe(name);
    else stack.push(name as string);
  }
  expect(stack).toEqual([]);
  // A report makes no outside requests: no href/src, no external font or stylesheet.
  expect(svg).not.toMatch(/\b(href|src)\s*=|@import|url\(/);
}

test('a histogram of samples puts each sample in one bucket and marks the target', () => {
  const samples = [100, 120, 130, 480, 520, 900];
  const buckets = bucketize(samples, 10, 500);
  expect(buckets.reduce((a, b) => a + b.count, 0)).toBe(samples.length);
  const svg = latencyHistogram({ title: 'auth.login.latency <local>', samples, target: 500 });
  expectWellFormed(svg);
  expect(svg).toContain('(n=6)');
  expect(svg, 'count ticks are whole numbers').not.toMatch(/>\d+\.\d+<\/text>/);
  expect(svg).toContain('target 500 ms');
  expect(svg).toContain('auth.login.latency &lt;local&gt;');
  // Buckets at or above the target are red, below blue.
  expect(svg).toContain('fill="#ef4444"');
  expect(svg).toContain('fill="#3b82f6"');
});

test('a target far beyond every sample is named, not drawn, so the samples keep their shape', () => {
  const svg = latencyHistogram({ title: 'health.latency', samples: [2, 3, 5, 7, 9, 12], target: 5000 });
  expectWellFormed(svg);
  expect(svg).toContain('target 5.0 s (off scale →)');
  expect(svg).not.toContain('stroke-dasharray="6 3"');
});

test('log-spaced buckets on a log axis: equal-width bars, decade ticks, the first bucket holding what is below it', () => {
  const buckets = [
    { from: 0.8, to: 1, count: 2 },
    { from: 1, to: 10, count: 30 },
    { from: 10, to: 100, count: 12 },
    { from: 100, to: 1000, count: 1 },
  ];
  const svg = latencyHistogram({
    title: 'health_duration',
    note: 'from the HDR histogram',
    buckets,
    scale: 'log',
    target: 50,
  });
  expectWellFormed(svg);
  expect(svg).toContain('(n=45)');
  expect(svg).toContain('from the HDR histogram');
  expect(svg).toContain('latency (log scale)');
  for (const tick of ['>1 ms<', '>10 ms<', '>100 ms<', '>1 s<']) expect(svg).toContain(tick);
  expect(svg).toContain('<title>≤ 1 ms: 2</title>');
  // A target is drawn while the samples still fill half the axis; the bars from it on are red.
  expect(svg).toContain('target 50 ms');
  expect(svg).not.toContain('off scale');
  expect(svg).toContain('fill="#ef4444"');
  const widths = [...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)"/g)].map((m) => Number(m[1]));
  expect(widths.slice(1)).toEqual([widths[1], widths[1], widths[1]]);
  // Past that, it is named with the side it lies on, so narrow or distant samples keep their shape.
  const far = latencyHistogram({ title: 'h', buckets, scale: 'log', target: 5_000_000 });
  expect(far).toContain('target 5000 s (off scale →)');
  expect(latencyHistogram({ title: 'h', buckets, scale: 'log', target: 5000 })).toContain('target 5.0 s');
  const narrow = [
    { from: 700, to: 750, count: 3 },
    { from: 750, to: 800, count: 2 },
  ];
  const below = latencyHistogram({ title: 'h', buckets: narrow, scale: 'log', target: 500 });
  expect(below).toContain('target 500 ms (off scale ←)');
  // No round number inside a narrow axis: its ends are labelled, with their digits.
  expect(below).toContain('>700 ms<');
  expect(below).toContain('>800 ms<');
});

test('no samples is said, not drawn as an empty chart', () => {
  const svg = latencyHistogram({ title: 'ws.handshake.latency', samples: [] });
  expectWellFormed(svg);
  expect(svg).toContain('no samples');
});

test('a percentile profile shows every statistic and the threshold', () => {
  const svg = percentileChart({
    title: 'auth_login_duration',
    note: 'percentiles, not a histogram',
    values: [
      ['min', 120],
      ['med', 300],
      ['p(95)', 620],
      ['max', 900],
    ],
    target: 500,
    n: 50,
  });
  expectWellFormed(svg);
  for (const label of ['min', 'med', 'p(95)', 'max', '620 ms', 'target 500 ms', '(n=50)', 'not a histogram'])
    expect(svg).toContain(label);
  expect(svg.match(/fill="#ef4444"/g)?.length).toBe(2);
});

test('a waterfall places phases on one axis from the journey start', () => {
  const phases = phasesFromSteps([
    { name: 'log in', start: 1000, stop: 1150 },
    { name: 'open the WebSocket', start: 1150, stop: 1200 },
    { name: 'send the question', start: 1200, stop: 4200, failed: true },
  ]);
  expect(phases).toEqual([
    { name: 'log in', startMs: 0, durationMs: 150 },
    { name: 'open the WebSocket', startMs: 150, durationMs: 50 },
    { name: 'send the question', startMs: 200, durationMs: 3000, failed: true },
  ]);
  const svg = journeyWaterfall({ title: 'journey', phases, markers: [{ name: 'first token', atMs: 1700 }] });
  expectWellFormed(svg);
  for (const label of ['journey — 3.2 s', 'log in', '150 ms', '3.0 s', 'first token 1.7 s'])
    expect(svg).toContain(label);
  expect(svg.match(/<rect /g)?.length).toBe(4); // background + three phases
  expect(svg).toContain('fill="#ef4444"');
});

test('helpers: escaping and round axis ticks', () => {
  expect(esc(`<a & "b">`)).toBe('&lt;a &amp; &quot;b&quot;&gt;');
  expect(ticks(950, 5)).toEqual([0, 200, 400, 600, 800, 1000]);
  expect(ticks(0)).toEqual([0]);
});

test('an SLA trend: one dot per run coloured by status, this run marked, target and degraded lines named', () => {
  const svg = slaTrendChart({
    title: 'auth.login.latency on local: last 3 runs',
    unit: 'ms',
    bound: 'max',
    target: 500,
    degraded: 200,
    points: [
      { at: '2026-12-01T10:00:00Z', measured: 150, status: 'passed' },
      { at: '2026-12-02T10:00:00Z', measured: null, status: 'unmeasured' },
      { at: '2026-12-03T10:00:00Z', measured: 320, status: 'degraded', current: true },
    ],
  });
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svg.match(/<circle /g)).toHaveLength(2);
  expect(svg).toContain('target 500 ms');
  expect(svg).toContain('degraded 200 ms');
  expect(svg).toContain('2026-12-03T10:00:00Z: 320 ms (degraded) — this run');
  expect(svg).toContain('2026-12-02T10:00:00Z: not measured (unmeasured)');
  expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
});
