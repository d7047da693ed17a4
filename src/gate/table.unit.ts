// Unit test of the printed verdict: one row per SLA with measured vs target, and the verdict with its reasons.
import { expect, test } from '@playwright/test';
import { buildSlaTable } from '../config/sla-table.ts';
import { judge } from '../sla/judge.ts';
import { aggregate } from '../sla/ledger.ts';
import { CATALOGUE } from '../diagnosis/catalogue.ts';
import { renderTable } from './table.ts';
import { decide, parseFlakyPolicy } from './verdict.ts';

test('the table names each SLA, its measured value, target, n and result, then the verdict', () => {
  const table = buildSlaTable({});
  const entries = [
    { ...judge(table['auth.login.latency'], 'local', 1040), source: 's', at: 'now' },
    { ...judge(table['health.latency'], 'local', [5, 6, 7, 8, 9]), source: 's', at: 'now' },
  ];
  const v = decide({
    environment: 'local',
    startedAt: 'start',
    endedAt: 'end',
    harnessCommit: 'abc',
    targetVersions: { API: { version: '1.4.2', commit: '3f9c2a1' } },
    tests: [
      { title: 'journey', file: 'f', line: 1, project: 'local', tags: [], outcome: 'passed', attempts: 1 },
    ],
    runErrors: [],
    slas: aggregate(entries),
    notMeasured: ['tls.cert.days_left'],
    flaky: parseFlakyPolicy(undefined),
  });
  const text = renderTable(v);
  expect(text).toContain('target: API 1.4.2 (3f9c2a1); harness abc');
  expect(text).toMatch(/✗ auth\.login\.latency\s+1\.0 s\s+500 ms\s+1\s+failed/);
  expect(text).toMatch(/✓ health\.latency\s+9 ms\s+5\.0 s\s+5\s+passed/);
  expect(text).toContain('not measured by this run (not judged): tls.cert.days_left');
  expect(text).toContain("verdict: DON'T SHIP (exit 1)");
  expect(text).toContain(`likely cause: F1 ${CATALOGUE.F1.title} (×1)`);
});
