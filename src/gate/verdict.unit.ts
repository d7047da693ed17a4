// Unit tests of the gate's decision: 0 only when everything that ran passed; 2 when nothing could be judged.
import { expect, test } from '@playwright/test';
import { buildSlaTable } from '../config/sla-table.ts';
import { judge } from '../sla/judge.ts';
import { aggregate } from '../sla/ledger.ts';
import { CATALOGUE } from '../diagnosis/catalogue.ts';
import { finding, type Finding } from '../diagnosis/finding.ts';
import type { TestOutcome } from './playwright-report.ts';
import { decide, flakyBlocks, parseFlakyPolicy, type GateInput } from './verdict.ts';
import { renderTable } from './table.ts';

const table = buildSlaTable({});
const t = (
  title: string,
  outcome: TestOutcome['outcome'],
  tags: string[] = ['golden-path'],
  error?: string,
  finding?: Finding,
): TestOutcome => ({
  title,
  file: `tests/${tags[0] ?? 'x'}/a.spec.ts`,
  line: 1,
  project: 'local',
  tags,
  outcome,
  attempts: outcome === 'flaky' ? 2 : 1,
  ...(error ? { error } : {}),
  ...(finding ? { finding } : {}),
});
const sla = (id: keyof typeof table, value: number) =>
  aggregate([{ ...judge(table[id], 'local', value), source: 'local › x', at: '2026-01-01T00:00:00Z' }]);
const input = (over: Partial<GateInput>): GateInput => ({
  environment: 'local',
  startedAt: 's',
  endedAt: 'e',
  harnessCommit: 'c',
  targetVersions: {},
  tests: [t('journey', 'passed')],
  runErrors: [],
  slas: sla('auth.login.latency', 120),
  notMeasured: [],
  flaky: parseFlakyPolicy(undefined),
  ...over,
});

test('everything passed: ship, exit 0', () => {
  const v = decide(input({}));
  expect([v.verdict, v.exitCode, v.reasons]).toEqual(['ship', 0, []]);
  expect(v.slas).toEqual([
    expect.objectContaining({
      id: 'auth.login.latency',
      pass: true,
      measured: 120,
      target: 500,
      unit: 'ms',
      n: 1,
    }),
  ]);
});

test('a breached SLA: exit 1, naming the SLA and its likely cause', () => {
  const v = decide(
    input({
      slas: sla('auth.login.latency', 1200),
      tests: [
        t(
          'journey',
          'failed',
          ['golden-path'],
          'SlaBreachError: SLA auth.login.latency breached on local: 1.2 s > 500 ms (n=1)',
          finding('F1', 'sla.auth.login.latency', 'SLA auth.login.latency breached on local'),
        ),
      ],
    }),
  );
  expect([v.verdict, v.exitCode]).toEqual(['dont-ship', 1]);
  expect(v.reasons.join('\n')).toContain('SLA auth.login.latency breached on local: 1.2 s > 500 ms');
  expect(v.likelyCauses).toEqual([{ id: 'F1', name: `F1 ${CATALOGUE.F1.title}`, count: 2 }]);
  expect(v.failures[0]?.error).toContain('auth.login.latency');
});

test('a harness error is exit 2 whatever else happened; so is a run that executed nothing', () => {
  expect(
    decide(input({ harnessError: 'TARGET_UNREACHABLE: API http://127.0.0.1:9/health: connection refused' }))
      .exitCode,
  ).toBe(2);
  const none = decide(input({ tests: [t('a', 'skipped'), t('b', 'skipped')] }));
  expect([none.verdict, none.exitCode]).toEqual(['harness-error', 2]);
  expect(none.reasons[0]).toContain('NO_TESTS_RAN: 2 test(s) collected, 2 skipped');
  expect(decide(input({ tests: [] })).exitCode).toBe(2);
  expect(decide(input({ runErrors: ['SyntaxError: tests/x.spec.ts: Unexpected token'] })).exitCode).toBe(2);
});

test('flaky tests block (default all), unless --allow-flaky lets that many through; by tag, or none', () => {
  const tests = [t('journey', 'flaky', ['golden-path']), t('headers', 'flaky', ['infra'])];
  const byDefault = decide(input({ tests }));
  expect(byDefault.exitCode).toBe(1);
  expect(byDefault.flakyTests.map((f) => [f.title, f.blocks])).toEqual([
    ['journey', true],
    ['headers', true],
  ]);
  expect(decide(input({ tests, allowFlaky: 1 })).exitCode).toBe(1);
  const allowed = decide(input({ tests, allowFlaky: 2 }));
  expect(allowed.exitCode).toBe(0);
  expect(allowed.warnings.join('\n')).toContain('allowed by --allow-flaky 2): headers');
  const byTag = decide(input({ tests, flaky: parseFlakyPolicy('@golden-path') }));
  expect(byTag.flakyTests.map((f) => f.blocks)).toEqual([true, false]);
  expect(byTag.warnings.join('\n')).toContain('flaky (passed only on retry): headers');
  expect(decide(input({ tests, flaky: parseFlakyPolicy('none') })).exitCode).toBe(0);
  expect(
    decide(input({ tests: [t('headers', 'flaky', ['infra'])], flaky: parseFlakyPolicy('all') })).exitCode,
  ).toBe(1);
  expect(flakyBlocks({ tags: ['smoke'] }, parseFlakyPolicy('@smoke, @infra'))).toBe(true);
});

test('skipped tests and degraded SLAs are reported, not blocking unless told', () => {
  const v = decide(
    input({ tests: [t('a', 'passed'), t('b', 'skipped')], slas: sla('auth.login.latency', 300) }),
  );
  expect(v.exitCode).toBe(0);
  expect(v.warnings).toEqual([
    expect.stringContaining('auth.login.latency degraded'),
    '1 test(s) skipped: b',
  ]);
  expect(decide(input({ slas: sla('auth.login.latency', 300), degradedBlocks: true })).exitCode).toBe(1);
});

test('a crossed load threshold is a reason', () => {
  const v = decide(
    input({
      load: {
        scenario: 'ws-concurrency',
        summaryFile: 'x',
        thresholds: [{ metric: 'ws_handshake_duration', expression: 'p(95)<=1000', ok: false }],
      },
    }),
  );
  expect(v.exitCode).toBe(1);
  expect(v.reasons).toEqual(['load threshold crossed: ws_handshake_duration p(95)<=1000 (ws-concurrency)']);
});

test('a load threshold that judges an SLA is named once, as that SLA', () => {
  const v = decide(
    input({
      slas: sla('auth.login.latency', 620),
      load: {
        scenario: 'ws-concurrency',
        summaryFile: 'x',
        thresholds: [
          {
            metric: 'auth_login_duration',
            expression: 'p(95)<=500',
            source: 'auth.login.latency',
            ok: false,
          },
        ],
      },
    }),
  );
  expect(v.reasons).toEqual(['SLA auth.login.latency breached on local: 620 ms > 500 ms (n=1)']);
});

test('what a load run could not judge is reported, neither passed nor failed', () => {
  const notJudged = ['load.concurrent_connections not judged by the load smoke (10 sessions)'];
  const v = decide(
    input({ load: { scenario: 'ws-concurrency', summaryFile: 'x', thresholds: [], notJudged } }),
  );
  expect([v.exitCode, v.warnings]).toEqual([0, notJudged]);
});

test('a test that failed on a missing setting is a harness error (exit 2), not "don\'t ship"', () => {
  const v = decide(
    input({
      tests: [
        t('journey', 'passed'),
        t(
          'isolation',
          'failed',
          ['websocket'],
          'CONFIG_MISSING: ISOLATION_USER_PASSWORD is not set for environment "staging"; set it in .env.staging',
          finding('HARNESS', 'config.missing', 'ISOLATION_USER_PASSWORD is not set'),
        ),
      ],
    }),
  );
  expect(v.exitCode).toBe(2);
  expect(v.reasons[0]).toContain('ISOLATION_USER_PASSWORD');
});

test('a core SLA no test measured is a reason not to ship', () => {
  const v = decide(input({ requiredMissing: ['golden_path.e2e'] }));
  expect(v.exitCode).toBe(1);
  expect(v.reasons.join('\n')).toContain('SLA golden_path.e2e not measured on local');
});

test('n/a by capability: counted apart from passes and skips, listed with its reason, never a missing SLA', () => {
  const na = { ...t('browser journey', 'skipped'), na: 'n/a: webUi (profile lumen)' };
  const v = decide(
    input({
      tests: [t('journey', 'passed'), na, t('nginx', 'skipped')],
      requiredMissing: ['infra.db.connection_time'],
      notMeasured: ['infra.db.connection_time', 'tls.cert.days_left'],
      notApplicableSlas: [{ id: 'infra.db.connection_time', reason: 'n/a: databaseStatus (profile lumen)' }],
    }),
  );
  expect(v.tests).toMatchObject({ passed: 1, skipped: 1, na: 1, total: 3 });
  expect(v.notApplicable).toEqual([
    { kind: 'test', name: 'browser journey', reason: 'n/a: webUi (profile lumen)' },
    { kind: 'sla', name: 'infra.db.connection_time', reason: 'n/a: databaseStatus (profile lumen)' },
  ]);
  expect(v.requiredMissing).toEqual([]);
  expect(v.notMeasured).toEqual(['tls.cert.days_left']);
  expect(v.verdict).toBe('ship');
  const table = renderTable(v);
  expect(table).toContain('1 passed, 0 failed, 0 flaky, 1 skipped, 1 n/a (of 3)');
  expect(table).toContain('infra.db.connection_time  n/a — n/a: databaseStatus (profile lumen)');
  // Only n/a tests: nothing was tested, the gate cannot pass.
  expect(decide(input({ tests: [na] })).exitCode).toBe(2);
});
