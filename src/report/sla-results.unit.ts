// Unit tests of SLA rows → Allure cases: one per SLA id under "SLA", measured vs target, samples, source link.
import { expect, test } from '@playwright/test';
import { buildSlaTable } from '../config/sla-table.ts';
import { judge, type Measurement } from '../sla/judge.ts';
import { aggregate, type LedgerEntry } from '../sla/ledger.ts';
import { slaCases } from './sla-results.ts';

const table = buildSlaTable({});
const SOURCE = 'local › Golden Path journey over the protocol › a user logs in';
const entry = (id: keyof typeof table, m: Measurement, at = '2026-01-01T10:00:00.000Z'): LedgerEntry => ({
  ...judge(table[id], 'local', m),
  source: SOURCE,
  at,
  ...(Array.isArray(m) ? { samples: [...(m as number[])] } : {}),
});

test('each SLA id is one case: passed or failed, measured vs target as parameters', () => {
  const entries = [
    entry('auth.login.latency', 140),
    entry('golden_path.e2e', 45_000),
    entry('ws.handshake.latency', { unmeasured: 'no ready frame' }),
  ];
  const cases = slaCases(aggregate(entries), {
    entries,
    linkFor: (s) => (s === SOURCE ? '#abc' : undefined),
  });
  expect(cases.map((c) => [c.name, c.status])).toEqual([
    ['auth.login.latency', 'passed'],
    ['golden_path.e2e', 'failed'],
    ['ws.handshake.latency', 'failed'],
  ]);
  const [login, e2e, handshake] = cases;
  const param = (c: typeof login, name: string): string | undefined =>
    c?.parameters.find((p) => p.name === name)?.value;
  expect(param(login, 'measured')).toBe('140 ms');
  expect(param(login, 'target')).toBe('≤ 500 ms');
  expect(param(login, 'unit')).toBe('ms');
  expect(param(login, 'n')).toBe('1');
  expect(login?.message).toBeUndefined();
  expect(e2e?.message).toBe('SLA golden_path.e2e breached on local: 45.0 s > 30.0 s (n=1)');
  expect(param(handshake, 'measured')).toBe('not measured: no ready frame');
  expect(handshake?.message).toContain('not measured');
  for (const c of cases) {
    expect(c.labels).toContainEqual({ name: 'parentSuite', value: 'SLA' });
    expect(c.labels).toContainEqual({ name: 'epic', value: 'Golden Path' });
    expect(c.links).toEqual([{ name: `measured by: ${SOURCE}`, url: '#abc' }]);
    expect(c.fullName).toBe(`sla:local:${c.name}`);
  }
});

test('samples give percentiles and a histogram; a single value gives neither', () => {
  const samples = Array.from({ length: 20 }, (_, i) => 10 + i * 5);
  const entries = [entry('health.latency', samples), entry('auth.login.latency', 90)];
  const [login, health] = slaCases(aggregate(entries), { entries }); // aggregate sorts by id
  expect(login?.name).toBe('auth.login.latency');
  expect(login?.attachments.map((a) => a.contentType)).toEqual(['application/json']);
  expect(health?.parameters.find((p) => p.name === 'p95')?.value).toBe('100 ms');
  expect(health?.parameters.find((p) => p.name === 'n')?.value).toBe('20');
  const chart = health?.attachments.find((a) => a.contentType === 'image/svg+xml');
  expect(chart?.body).toContain('(n=20)');
});

test('a degraded SLA passes, says so, and is tagged', () => {
  const entries = [entry('auth.login.latency', 350)];
  const [c] = slaCases(aggregate(entries), { entries });
  expect(c?.status).toBe('passed');
  expect(c?.message).toContain('degraded');
  expect(c?.labels).toContainEqual({ name: 'tag', value: 'degraded' });
});

test('the case spans the run: from its start to the last judgement', () => {
  const entries = [
    entry('auth.login.latency', 90, '2026-01-01T10:00:05.000Z'),
    entry('auth.login.latency', 95, '2026-01-01T10:00:09.000Z'),
  ];
  const runStartedAt = Date.parse('2026-01-01T10:00:00.000Z');
  const [c] = slaCases(aggregate(entries), { entries, runStartedAt });
  expect(c?.start).toBe(runStartedAt);
  expect(c?.stop).toBe(Date.parse('2026-01-01T10:00:09.000Z'));
});

test('with a run history, each SLA gets its last-N trend as a picture; this run is added once', () => {
  const entries = [entry('auth.login.latency', 140, new Date().toISOString())];
  const stored = [
    { at: '2026-12-01T10:00:00Z', measured: 120, status: 'passed' as const },
    { at: '2026-12-02T10:00:00Z', measured: 260, status: 'degraded' as const },
  ];
  const [c] = slaCases(aggregate(entries), { entries, trends: new Map([['auth.login.latency', stored]]) });
  const trend = c?.attachments.find((a) => a.name === 'auth.login.latency trend (last 3 runs)');
  expect(trend?.contentType).toBe('image/svg+xml');
  expect(trend?.body).toContain('140 ms (passed) — this run');
  // The gate recorded this run before the report: the newest stored point is this run, not another one.
  const recorded = [...stored, { at: new Date().toISOString(), measured: 140, status: 'passed' as const }];
  const [again] = slaCases(aggregate(entries), {
    entries,
    trends: new Map([['auth.login.latency', recorded]]),
  });
  expect(again?.attachments.map((a) => a.name)).toContain('auth.login.latency trend (last 3 runs)');
  // No history: no trend picture.
  const [none] = slaCases(aggregate(entries), { entries });
  expect(none?.attachments.map((a) => a.contentType)).toEqual(['application/json']);
});
