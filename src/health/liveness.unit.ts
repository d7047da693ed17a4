// Unit tests of liveness judging (a body's own status counts, not only 200) and of 5xx burst reporting.
import { expect, test } from '@playwright/test';
import profile from '../../profiles/default.ts';
import type { HealthEndpoint } from '../../profiles/define.ts';
import { liveProblem, serverErrors, type LoggedCall } from './liveness.ts';

const live = profile.health.api.live;
const statusKey = live.statusPath?.[0] ?? 'status';
const healthy = live.healthyValues[0] ?? 'healthy';
const url = 'http://api.test/health';
// The fields the profile requires besides the status (the contract's version, commit, uptime).
const required = Object.fromEntries((live.requiredPaths ?? []).map((p) => [p, 'x']));

test('2xx with a healthy status is live', () => {
  expect(
    liveProblem(live, { url, status: 200, json: { [statusKey]: healthy, ...required }, ms: 3 }),
  ).toBeUndefined();
});

test('a healthy status without the fields the profile requires is not live, naming them', () => {
  const first = live.requiredPaths?.[0];
  expect(first, 'the default profile requires body fields').toBeDefined();
  const { [first!]: _dropped, ...rest } = required;
  expect(liveProblem(live, { url, status: 200, json: { [statusKey]: healthy, ...rest }, ms: 3 })).toBe(
    `${url} answered 200 "${healthy}" without ${first} in its body`,
  );
});

test('200 with "degraded" in the body is not live', () => {
  expect(liveProblem(live, { url, status: 200, json: { [statusKey]: 'degraded' }, ms: 3 })).toBe(
    `${url} answered 200 but reports "degraded" (healthy: ${live.healthyValues.join(', ')})`,
  );
});

test('200 without a status, a 503, and no answer at all are each named', () => {
  expect(liveProblem(live, { url, status: 200, json: {}, ms: 3 })).toContain(
    'answered 200 without a status at',
  );
  expect(liveProblem(live, { url, status: 503, json: { [statusKey]: 'starting' }, ms: 3 })).toBe(
    `${url} answered 503 "starting"`,
  );
  expect(liveProblem(live, { url, ms: 15_000, error: 'timeout' })).toBe(`${url}: timeout`);
});

test('a plain-text liveness body (Kubernetes style) is judged by its text', () => {
  const healthz: HealthEndpoint = { path: '/healthz', healthyValues: ['ok'] };
  expect(liveProblem(healthz, { url, status: 200, text: 'ok\n', ms: 1 })).toBeUndefined();
  expect(liveProblem(healthz, { url, status: 200, text: 'draining', ms: 1 })).toContain('reports "draining"');
});

test('5xx answers are counted with statuses and times; other statuses and unanswered calls are not', () => {
  const at = (ms: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, 0, ms)).toISOString();
  const calls: LoggedCall[] = [
    { method: 'GET', url: 'http://api.test/health', status: 503, startedAt: at(0) },
    { method: 'GET', url: 'http://api.test/health', status: 500, startedAt: at(50) },
    { method: 'GET', url: 'http://api.test/health', status: 200, startedAt: at(100) },
    { method: 'GET', url: 'http://api.test/health/ready', status: 404, startedAt: at(150) },
    { method: 'GET', url: 'http://api.test/health', status: undefined, startedAt: at(200) },
  ];
  const report = serverErrors(calls);
  expect(report).toMatchObject({ count: 2, total: 4 });
  expect(report.problem).toBe(
    '2 of 4 answers were 5xx (503 ×1, 500 ×1): 503 GET /health at +0.00s, 500 GET /health at +0.05s; first at 2025-01-01T00:00:00.000Z',
  );
  expect(serverErrors(calls.slice(2))).toEqual({ count: 0, total: 2 });
});
