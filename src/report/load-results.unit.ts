// Unit tests of load summaries (k6 schema) → Allure cases: one per threshold, latency charts for time metrics.
import { expect, test } from '@playwright/test';
import { loadCases } from './load-results.ts';
import {
  loadLedgerEntries,
  parseSummary,
  SummaryError,
  thresholdOutcomes,
  thresholdTarget,
} from './load-summary.ts';

const SUMMARY = JSON.stringify({
  state: { testRunDurationMs: 10_000 },
  metrics: {
    ws_handshake_duration: {
      type: 'trend',
      contains: 'time',
      values: { avg: 120, min: 40, med: 110, max: 480, 'p(90)': 210, 'p(95)': 260, 'p(99)': 420, count: 50 },
      thresholds: { 'p(95)<=1000': { ok: true } },
    },
    auth_login_duration: {
      type: 'trend',
      contains: 'time',
      values: { avg: 320, min: 120, med: 300, max: 900, 'p(90)': 480, 'p(95)': 620, 'p(99)': 880 },
      thresholds: { 'p(95)<=500': { ok: false } },
    },
    ws_handshake_success: {
      type: 'rate',
      values: { rate: 1, passes: 50, fails: 0 },
      thresholds: { 'rate>=0.99': { ok: true } },
    },
    agent_runs: { type: 'counter', values: { count: 50, rate: 5 } },
  },
});

test('one case per threshold; a crossed threshold fails with the figures', () => {
  const summary = parseSummary(SUMMARY, 'load-results/latest-ws-concurrency.json');
  expect(thresholdOutcomes(summary)).toHaveLength(3);
  const cases = loadCases(summary, {
    scenario: 'ws-concurrency',
    environment: 'local',
    file: 'x.json',
    at: 1_000_000,
  });
  expect(cases.map((c) => [c.name, c.status])).toEqual([
    ['ws_handshake_duration p(95)<=1000', 'passed'],
    ['auth_login_duration p(95)<=500', 'failed'],
    ['ws_handshake_success rate>=0.99', 'passed'],
  ]);
  const login = cases[1];
  expect(login?.message).toContain(
    'load threshold auth_login_duration p(95)<=500 crossed in scenario ws-concurrency on local',
  );
  expect(login?.message).toContain('p(95)=620 ms');
  expect(login?.labels).toContainEqual({ name: 'parentSuite', value: 'Load' });
  expect(login?.start).toBe(1_000_000 - 10_000);
  // Time metrics carry a latency chart with the threshold as target; rates carry none.
  expect(login?.attachments[0]?.contentType).toBe('image/svg+xml');
  expect(login?.attachments[0]?.body).toContain('target 500 ms');
  expect(cases[2]?.attachments).toEqual([]);
  // A plain k6 summary has percentiles only: the chart says so rather than passing for a histogram.
  expect(login?.attachments[0]?.name).toBe('auth_login_duration latency percentiles');
  expect(login?.attachments[0]?.body).toContain('percentiles from k6&#39;s summary, not a histogram');
});

/** A Node-executor summary: the same trend, with its buckets in the harness's section. */
function withHistogram(histograms: unknown): string {
  const base = JSON.parse(SUMMARY) as Record<string, unknown>;
  return JSON.stringify({
    ...base,
    golden_path: { engine: 'node', scenario: 'ws-concurrency', histograms },
  });
}

test('a summary with buckets gets a histogram on a log axis, the threshold target marked; without, percentiles', () => {
  const buckets = [
    { le: 50, count: 10 },
    { le: 100, count: 25 },
    { le: 200, count: 10 },
    { le: 400, count: 4 },
    { le: 500, count: 1 },
  ];
  const summary = parseSummary(
    withHistogram({ ws_handshake_duration: { n: 50, from: 40, buckets } }),
    'latest-ws-concurrency.json',
  );
  const cases = loadCases(summary, { scenario: 'x', environment: 'local', file: 'f', at: 0 });
  const [handshake, login] = cases;
  expect(handshake?.attachments.map((a) => a.name)).toEqual(['ws_handshake_duration latency histogram']);
  const svg = handshake?.attachments[0]?.body ?? '';
  expect(svg).toContain('ws_handshake_duration (ws-concurrency) (n=50)');
  expect(svg).toContain('5 log-spaced buckets from the node run&#39;s HDR histogram');
  expect(svg).toContain('latency (log scale)');
  // One bar per non-empty bucket, each bucket starting where the previous ended (the first at `from`).
  expect(svg.match(/<rect [^>]*><title>/g)).toHaveLength(5);
  expect(svg).toContain('<title>≤ 50 ms: 10</title>');
  expect(svg).toContain('<title>200 ms–400 ms: 4</title>');
  expect(svg).toContain('target 1.0 s');
  // The metric without buckets in the same summary keeps the percentile chart, said to be one.
  expect(login?.attachments.map((a) => a.name)).toEqual(['auth_login_duration latency percentiles']);
  expect(login?.attachments[0]?.body).toContain('percentiles from the summary, not a histogram');
});

test('summaries with and without histograms parse; a malformed histogram is refused naming the field', () => {
  expect(parseSummary(SUMMARY, 'old.json').golden_path?.histograms).toBeUndefined();
  expect(parseSummary(withHistogram({}), 'empty.json').golden_path?.histograms).toEqual({});
  expect(() =>
    parseSummary(
      withHistogram({ ws_handshake_duration: { n: 1, from: 1, buckets: [{ le: 'x' }] } }),
      'bad.json',
    ),
  ).toThrow(
    /LOAD_SUMMARY_INVALID: bad\.json: golden_path\.histograms\.ws_handshake_duration\.buckets\.0\.le/,
  );
});

test('a malformed summary is refused with the file and the field', () => {
  expect(() => parseSummary('{', 'a.json')).toThrow(SummaryError);
  expect(() =>
    parseSummary(JSON.stringify({ metrics: { x: { values: { avg: 'fast' } } } }), 'b.json'),
  ).toThrow(/LOAD_SUMMARY_INVALID: b\.json: metrics\.x\.values\.avg/);
  expect(() => parseSummary(JSON.stringify({}), 'c.json')).toThrow(/c\.json: metrics/);
});

test('threshold targets are read from k6 expressions', () => {
  expect(thresholdTarget('p(95)<=500')).toBe(500);
  expect(thresholdTarget('rate>=0.99')).toBe(0.99);
  expect(thresholdTarget('count==0')).toBe(0);
  expect(thresholdTarget('nonsense')).toBeUndefined();
});

test("the harness's own section: engine, SLA sources, unmeasured thresholds; SLA thresholds become ledger entries", () => {
  const summary = parseSummary(
    JSON.stringify({
      metrics: {
        auth_login_duration: {
          type: 'trend',
          contains: 'time',
          values: { 'p(95)': 620, count: 40 },
          thresholds: { 'p(95)<=500': { ok: false } },
        },
      },
      golden_path: {
        engine: 'node',
        scenario: 'ws-concurrency',
        environment: 'local',
        finishedAt: '2026-01-01T00:00:10.000Z',
        loadShape: { describe: 'closed loop, 10 VUs for 10 s' },
        thresholds: [
          {
            metric: 'auth_login_duration',
            expression: 'p(95)<=500',
            source: 'auth.login.latency',
            ok: false,
            measured: 620,
            n: 40,
            unmeasured: false,
          },
          {
            metric: 'ws_handshake_duration',
            expression: 'p(95)<=1000',
            source: 'ws.handshake.latency',
            ok: false,
            n: 0,
            unmeasured: true,
          },
          {
            metric: 'isolation_breaches',
            expression: 'count==0',
            source: 'invariant: own frames only',
            ok: true,
            measured: 0,
            n: 0,
          },
        ],
      },
    }),
    'latest-ws-concurrency.json',
  );
  const cases = loadCases(summary, { scenario: 'x', environment: 'y', file: 'f', at: 0 });
  expect(cases.map((c) => [c.name, c.status])).toEqual([
    ['auth_login_duration p(95)<=500', 'failed'],
    ['ws_handshake_duration p(95)<=1000', 'failed'],
    ['isolation_breaches count==0', 'passed'],
  ]);
  expect(cases[0]?.parameters).toEqual(
    expect.arrayContaining([
      { name: 'engine', value: 'node' },
      { name: 'judges', value: 'auth.login.latency' },
      { name: 'load shape', value: 'closed loop, 10 VUs for 10 s' },
    ]),
  );
  expect(cases[1]?.parameters).toContainEqual({ name: 'measured', value: 'no samples' });
  expect(cases[1]?.message).toContain('no samples');
  expect(cases[0]?.stop).toBe(Date.parse('2026-01-01T00:00:10.000Z'));

  const entries = loadLedgerEntries(summary, 'ws-concurrency', 'local', 'now');
  expect(entries.map((e) => [e.id, e.status, e.measured])).toEqual([
    ['auth.login.latency', 'failed', 620],
    ['ws.handshake.latency', 'unmeasured', undefined],
  ]);
  expect(entries[0]?.message).toBe(
    'SLA auth.login.latency breached on local: 620 ms > 500 ms (load ws-concurrency: auth_login_duration p(95)<=500, n=40)',
  );
  expect(entries[0]?.source).toBe('load › ws-concurrency › auth_login_duration p(95)<=500');
});
