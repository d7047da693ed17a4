// Unit tests of the thresholds module: generated from the SLA table (with overrides), k6 syntax, evaluation.
import { expect, test } from '@playwright/test';
import { buildSlaTable, SLA_DEFAULTS } from '../../src/config/sla-table.ts';
import { M } from '../lib/metrics.ts';
import { applyThresholds, judgeThresholds, type SummaryMetric } from '../lib/summary.ts';
import { evaluateThreshold, k6Thresholds, parseThreshold, thresholdRules } from '../lib/thresholds.ts';
import { MetricsRegistry } from './metrics-registry.ts';

const table = buildSlaTable({});
const target = (id: string): number => SLA_DEFAULTS.find((d) => d.id === id)?.target ?? Number.NaN;

test('every threshold of ws-concurrency comes from the SLA table, in the aggregation its statistic names', () => {
  const rules = thresholdRules('ws-concurrency', table, { isolation: true, login: true });
  const by = Object.fromEntries(rules.map((r) => [r.metric, r]));
  expect(by[M.login.name]?.expression).toBe(`p(95)<=${target('auth.login.latency')}`);
  expect(by[M.handshakeOk.name]?.expression).toBe(`rate>=${target('ws.handshake.success')}`);
  expect(by[M.journey.name]?.expression).toBe(`max<=${target('golden_path.e2e')}`);
  expect(by[M.journeyOk.name]?.expression).toBe(`rate>=${target('golden_path.success')}`);
  expect(by[M.spread.name]?.expression).toBe(`avg>=${target('agent.events.spread')}`);
  expect(by[M.sessionsHeld.name]?.expression).toBe(`count>=${target('load.concurrent_connections')}`);
  expect(by[M.close1011.name]).toMatchObject({
    expression: `count<=${target('ws.no_internal_errors')}`,
    abortOnFail: true,
  });
  expect(by[M.isolation.name]).toMatchObject({ expression: 'count==0', abortOnFail: true });
  // A reported-only SLA gets no threshold.
  expect(by[M.streamRate.name]).toBeUndefined();
});

test('a per-environment override reaches the threshold', () => {
  const rules = thresholdRules('ws-concurrency', buildSlaTable({ SLA_AUTH_LOGIN_P95_MS: 800 }), {
    isolation: true,
    login: true,
  });
  expect(rules.find((r) => r.metric === M.login.name)?.expression).toBe('p(95)<=800');
});

test('no isolation threshold in demo mode, no login threshold with pre-issued tokens', () => {
  const rules = thresholdRules('ws-concurrency', table, { isolation: false, login: false });
  expect(rules.map((r) => r.metric)).not.toContain(M.isolation.name);
  expect(rules.map((r) => r.metric)).not.toContain(M.login.name);
});

test('health-latency judges the health SLAs and every answer', () => {
  const rules = thresholdRules('health-latency', table, { isolation: true, login: true });
  expect(rules.map((r) => `${r.metric} ${r.expression}`)).toEqual([
    `${M.health.name} p(95)<=${target('health.latency')}`,
    `${M.healthReady.name} max<=${target('health.ready.latency')}`,
    `${M.unhealthy.name} count==0`,
    `${M.http5xx.name} count<=${target('ws.no_internal_errors')}`,
  ]);
});

test('k6 options: hard rules in object form with abortOnFail and a delay', () => {
  const k6 = k6Thresholds(thresholdRules('ws-concurrency', table, { isolation: true, login: true }));
  expect(k6[M.login.name]).toEqual([`p(95)<=${target('auth.login.latency')}`]);
  expect(k6[M.isolation.name]).toEqual([{ threshold: 'count==0', abortOnFail: true, delayAbortEval: '5s' }]);
});

test('expressions parse and evaluate as k6 does; no samples is a failure here', () => {
  expect(parseThreshold('p(95)<=500')).toEqual({ aggregation: 'p(95)', op: '<=', target: 500 });
  expect(() => parseThreshold('p95 < 500')).toThrow(/THRESHOLD_INVALID/);
  expect(evaluateThreshold('p(95)<=500', { 'p(95)': 499 })).toMatchObject({ ok: true, measured: 499 });
  expect(evaluateThreshold('p(95)<=500', { 'p(95)': 501 })).toMatchObject({ ok: false });
  expect(evaluateThreshold('rate>=0.995', { rate: 0.99 })).toMatchObject({ ok: false });
  expect(evaluateThreshold('count==0', { count: 0 })).toMatchObject({ ok: true });
  expect(evaluateThreshold('p(95)<=500', undefined)).toMatchObject({ ok: false, unmeasured: true });
});

test('judged on a summary: counters at zero are measured, trends without samples are not', () => {
  const registry = new MetricsRegistry([M.login, M.isolation, M.handshakeOk]);
  const rules = thresholdRules('ws-concurrency', table, { isolation: true, login: true }).filter((r) =>
    [M.login.name, M.isolation.name, M.handshakeOk.name].includes(r.metric),
  );
  let results = judgeThresholds(rules, registry.toSummary(1000));
  expect(results.find((r) => r.metric === M.isolation.name)).toMatchObject({ ok: true, unmeasured: false });
  expect(results.find((r) => r.metric === M.login.name)).toMatchObject({ ok: false, unmeasured: true });
  registry.add(M.login, 120);
  registry.add(M.handshakeOk, true);
  registry.add(M.isolation, 1);
  const metrics: Record<string, SummaryMetric> = registry.toSummary(1000);
  results = judgeThresholds(rules, metrics);
  applyThresholds(metrics, results);
  expect(metrics[M.login.name]?.thresholds).toEqual({
    [`p(95)<=${target('auth.login.latency')}`]: { ok: true },
  });
  expect(metrics[M.isolation.name]?.thresholds).toEqual({ 'count==0': { ok: false } });
});

test('the registry summarises in k6 schema: trend statistics with count, rate passes/fails, counter rate', () => {
  const registry = new MetricsRegistry([M.run, M.journeyOk, M.runs]);
  for (let v = 1; v <= 1000; v++) registry.add(M.run, v);
  registry.add(M.journeyOk, true);
  registry.add(M.journeyOk, false);
  registry.add(M.runs, 4);
  const s = registry.toSummary(2000);
  const trend = s[M.run.name];
  expect(trend).toMatchObject({ type: 'trend', contains: 'time' });
  expect(trend?.values).toMatchObject({ avg: 500.5, min: 1, max: 1000, count: 1000 });
  // Percentiles come from the HDR buckets (load/lib/hdr.ts): at most 1/64 above the sample, never below it.
  expect(trend?.values['p(95)']).toBeCloseTo(950, -1);
  expect(trend?.values['p(99)']).toBeCloseTo(990, -1);
  expect(trend?.values.med).toBeCloseTo(500, -1);
  expect(s[M.journeyOk.name]?.values).toEqual({ rate: 0.5, passes: 1, fails: 1 });
  expect(s[M.runs.name]?.values).toEqual({ count: 4, rate: 2 });
});
