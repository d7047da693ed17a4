// The degraded tier: a second, softer bound on the passing side of each SLA's target, overridable per environment.
import { expect, test } from '@playwright/test';
import { judge } from '../sla/judge.ts';
import { buildSlaTable, degradedProblem, degradedSetting, SLA_DEFAULTS, SlaTableError } from './sla-table.ts';

test('every default degraded bound lies on the passing side of its target', () => {
  const withDegraded = SLA_DEFAULTS.filter((d) => d.degraded !== undefined);
  expect(withDegraded.length).toBeGreaterThan(0);
  for (const d of withDegraded) expect(degradedProblem(d, d.degraded as number), d.id).toBeUndefined();
});

test('any judged SLA can be given a degraded bound for one environment', () => {
  const table = buildSlaTable({
    SLA_HEALTH_P95_MS_DEGRADED: 1000,
    SLA_AGENT_EVENTS_SPREAD_RATE_DEGRADED: 0.9,
  });
  expect(table['health.latency'].degraded).toBe(1000);
  expect(table['agent.events.spread'].degraded).toBe(0.9);
  const between = judge(table['health.latency'], 'staging', 1500);
  expect([between.status, between.pass]).toEqual(['degraded', true]);
  expect(between.message).toBe(
    'SLA health.latency degraded on staging: 1.5 s ≤ 5.0 s but > 1.0 s (degraded bound) (n=1)',
  );
  expect(judge(table['health.latency'], 'staging', 800).status).toBe('passed');
  expect(judge(table['health.latency'], 'staging', 6000).status).toBe('failed');
  // A min SLA degrades below its degraded bound, above its target.
  expect(judge(table['agent.events.spread'], 'staging', 0.8).status).toBe('degraded');
});

test('a degraded bound past its target is refused with the settings named', () => {
  expect(() => buildSlaTable({ SLA_AUTH_LOGIN_P95_MS_DEGRADED: 600 })).toThrow(SlaTableError);
  expect(() => buildSlaTable({ SLA_AUTH_LOGIN_P95_MS: 300, SLA_AUTH_LOGIN_P95_MS_DEGRADED: 400 })).toThrow(
    'SLA_AUTH_LOGIN_P95_MS_DEGRADED=400: SLA auth.login.latency: the degraded bound 400 must be below its target 300 (a max) (SLA_AUTH_LOGIN_P95_MS=300)',
  );
  expect(() => buildSlaTable({ SLA_TLS_CERT_DAYS_LEFT_DEGRADED: 10 })).toThrow(
    'must be above its target 14 (a min)',
  );
});

test('a moved target that leaves the default degraded bound past it drops that bound', () => {
  expect(buildSlaTable({ SLA_AUTH_LOGIN_P95_MS: 150 })['auth.login.latency'].degraded).toBeUndefined();
  expect(buildSlaTable({ SLA_AUTH_LOGIN_P95_MS: 800 })['auth.login.latency'].degraded).toBe(200);
});

test('the degraded setting is named after the target setting', () => {
  expect(degradedSetting({ setting: 'SLA_HEALTH_P95_MS' })).toBe('SLA_HEALTH_P95_MS_DEGRADED');
});
