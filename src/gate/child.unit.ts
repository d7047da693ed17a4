// The gate never judges a child run test by test when the runner itself said the run is red (F13).
import { expect, test } from '@playwright/test';
import { childRunProblem } from './child.ts';

const run = (exitCode: number, harnessLines: string[] = [], stderrTail: string[] = []) => ({
  exitCode,
  signal: null,
  harnessLines,
  stderrTail,
});

test('a suite that lost tests is a harness error although every test that ran passed', () => {
  const line = 'SUITE_SHRANK: local: tests/websocket has 16 test(s), known to have 19';
  expect(childRunProblem(run(1, [line]))).toBe(line);
  expect(childRunProblem(run(1, [line]), 0)).toBe(line);
});

test('a non-zero exit with no failed test is a harness error; with failed tests the tests explain it', () => {
  expect(childRunProblem(run(1, [], ['Error: worker crashed']), 0)).toMatch(
    /^RUN_FAILED_WITHOUT_FAILURES: .*worker crashed/,
  );
  expect(childRunProblem(run(1), 3)).toBeUndefined();
  expect(childRunProblem(run(1))).toBeUndefined();
});

test('a clean exit is judged by its tests', () => {
  expect(childRunProblem(run(0, ['anything']), 0)).toBeUndefined();
});
