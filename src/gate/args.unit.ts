// Unit tests of the gate's command line.
import { expect, test } from '@playwright/test';
import { GateUsageError, parseGateArgs } from './args.ts';

test('flags, defaults, and playwright arguments after "--"', () => {
  expect(parseGateArgs(['--env', 'local', '--', '--grep', '@smoke'])).toEqual({
    environment: 'local',
    withLoad: false,
    out: 'test-results/gate',
    retries: 0,
    allowFlaky: 0,
    maxMinutes: 30,
    kind: 'gate',
    tolerance: 0.2,
    failOnDegraded: false,
    flakeWindow: 10,
    passthrough: ['--grep', '@smoke'],
  });
  expect(
    parseGateArgs([
      '--env=staging',
      '--with-load',
      '--retries',
      '1',
      '--allow-flaky',
      '2',
      '--report-url',
      'https://ci/run/1',
    ]),
  ).toMatchObject({
    environment: 'staging',
    withLoad: true,
    retries: 1,
    allowFlaky: 2,
    reportUrl: 'https://ci/run/1',
  });
  expect(parseGateArgs(['--env', 'local', '--faults', 'auth-slow:900']).faults).toBe('auth-slow:900');
});

test('misuse is refused with a usage line (the gate exits 2)', () => {
  expect(() => parseGateArgs([])).toThrow(/--env is required/);
  expect(() => parseGateArgs(['--env'])).toThrow(/--env needs a value/);
  expect(() => parseGateArgs(['--env', 'local', '--grep', '@smoke'])).toThrow(
    /unknown argument "--grep" \(playwright arguments go after "--"\)/,
  );
  expect(() => parseGateArgs(['--env', 'staging', '--faults', 'auth-slow'])).toThrow(
    /cannot apply to "staging"/,
  );
  expect(() => parseGateArgs(['--env', 'local', '--retries', 'many'])).toThrow(GateUsageError);
  expect(() => parseGateArgs(['--env', 'local', '--allow-flaky', '-1'])).toThrow(GateUsageError);
});

test('history flags: the store, the baseline and tolerance, strict degraded, the flake window', () => {
  expect(
    parseGateArgs([
      '--env=staging',
      '--history',
      'postgres://gp@127.0.0.1:5432/h',
      '--kind',
      'nightly',
      '--baseline',
      '7d-median',
      '--tolerance',
      '15%',
      '--fail-on',
      'degraded',
      '--flake-window',
      '5',
    ]),
  ).toMatchObject({
    history: 'postgres://gp@127.0.0.1:5432/h',
    kind: 'nightly',
    baseline: { kind: 'median', days: 7 },
    tolerance: 0.15,
    failOnDegraded: true,
    flakeWindow: 5,
  });
  expect(() => parseGateArgs(['--env=local', '--fail-on', 'flaky'])).toThrow(
    '--fail-on must be degraded, got "flaky"',
  );
  expect(() => parseGateArgs(['--env=local', '--baseline', 'yesterday'])).toThrow(GateUsageError);
  expect(() => parseGateArgs(['--env=local', '--tolerance', 'lots'])).toThrow(
    '--tolerance must be a percentage',
  );
  expect(() => parseGateArgs(['--env=local', '--kind', 'load'])).toThrow('--kind must be gate or nightly');
});
