// Unit tests of the run-time labels: feature from the suite folder, story from the describe, severity from tags.
import { expect, test } from '@playwright/test';
import { severityFor, suiteOf, testLabels } from './labels.ts';

test('labels of a suite test', () => {
  expect(
    testLabels({
      file: 'tests/websocket/handshake.spec.ts',
      describes: ['WebSocket handshake', 'with a bad token'],
      tags: ['@websocket'],
      environment: 'staging',
    }),
  ).toEqual([
    { name: 'epic', value: 'Golden Path' },
    { name: 'feature', value: 'websocket' },
    { name: 'story', value: 'with a bad token' },
    { name: 'severity', value: 'critical' },
    { name: 'environment', value: 'staging' },
  ]);
});

test('severity: the most severe tag wins; untagged is normal', () => {
  expect(severityFor(['@smoke', '@golden-path'])).toBe('blocker');
  expect(severityFor(['@infra'])).toBe('normal');
  expect(severityFor([])).toBe('normal');
});

test('suite folder, and a file outside tests/ names itself', () => {
  expect(suiteOf('tests/golden-path/ui-journey.spec.ts')).toBe('golden-path');
  expect(suiteOf('/abs/repo/tests/infra/health.spec.ts')).toBe('infra');
  expect(suiteOf('tests/top.spec.ts')).toBe('top');
  // Without a describe the story is the suite.
  expect(
    testLabels({ file: 'tests/infra/tls.spec.ts', describes: [], tags: [], environment: 'local' }),
  ).toContainEqual({ name: 'story', value: 'infra' });
});
