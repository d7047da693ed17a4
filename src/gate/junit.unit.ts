// Unit tests of the JUnit file: every test, SLA and threshold a case; failures carry their message, escaped.
import { expect, test } from '@playwright/test';
import { toJUnit } from './junit.ts';
import type { TestOutcome } from './playwright-report.ts';
import { decide, parseFlakyPolicy } from './verdict.ts';

const tests: TestOutcome[] = [
  {
    title: 'journey <ui>',
    file: 'tests/golden-path/ui.spec.ts',
    line: 1,
    project: 'local',
    tags: ['golden-path'],
    outcome: 'failed',
    attempts: 1,
    error: 'expected "a" & got <b>',
  },
  {
    title: 'health',
    file: 'tests/infra/health.spec.ts',
    line: 1,
    project: 'local',
    tags: ['infra'],
    outcome: 'passed',
    attempts: 1,
  },
  {
    title: 'tls',
    file: 'tests/infra/tls.spec.ts',
    line: 1,
    project: 'local',
    tags: ['infra'],
    outcome: 'skipped',
    attempts: 1,
  },
];

test('suites for tests, SLAs, load and the gate itself', () => {
  const verdict = decide({
    environment: 'local',
    startedAt: 's',
    endedAt: 'e',
    harnessCommit: 'c',
    targetVersions: {},
    tests,
    runErrors: [],
    slas: [],
    notMeasured: [],
    load: {
      scenario: 'ws-concurrency',
      summaryFile: 'x',
      thresholds: [{ metric: 'ws_handshake_duration', expression: 'p(95)<=1000', ok: false }],
    },
    flaky: parseFlakyPolicy(undefined),
  });
  const xml = toJUnit(verdict, tests);
  expect(xml).toMatch(
    /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="golden-path gate local">/,
  );
  expect(xml).toContain('<testsuite name="functional" tests="3" failures="1" skipped="1">');
  expect(xml).toContain(
    '<testcase name="journey &lt;ui&gt;" classname="local.tests/golden-path/ui.spec.ts">',
  );
  expect(xml).toContain('<failure message="expected &quot;a&quot; &amp; got &lt;b&gt;">');
  expect(xml).toContain('<testsuite name="load" tests="1" failures="1" skipped="0">');
  expect(xml).toContain('<testsuite name="gate" tests="1" failures="1" skipped="0">');
  expect(xml.match(/<testsuite /g)).toHaveLength(4);
  expect(xml.match(/<testsuite /g)?.length).toBe(xml.match(/<\/testsuite>/g)?.length);
});
