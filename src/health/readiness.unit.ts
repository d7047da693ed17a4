// Unit tests of readiness reading: dependency maps and arrays, not-ready dependencies named with their latency.
import { expect, test } from '@playwright/test';
import profile from '../../profiles/default.ts';
import type { DependencyList } from '../../profiles/define.ts';
import { readDependencies, readinessProblems } from './readiness.ts';

const ready = profile.health.api.ready;
const deps = ready.dependencies as DependencyList;
const statusKey = ready.statusPath[0] ?? 'status';
const ok = deps.okValues[0] ?? 'ok';
const url = 'http://api.test/health/ready';
const entry = (status: string, latency: number) => ({
  [deps.statusPath]: status,
  [deps.latencyPath ?? 'latency']: latency,
});
const body = (overall: string, checks: Record<string, unknown>) => ({
  [statusKey]: overall,
  [deps.at]: checks,
});

test('a ready answer with every dependency ok has no problem', () => {
  const b = body(ready.readyValues[0] ?? 'ready', { database: entry(ok, 2), cache: entry(ok, 1) });
  const list = readDependencies(b, deps);
  expect(list).toEqual([
    { name: 'database', status: ok, latencyMs: 2, ok: true },
    { name: 'cache', status: ok, latencyMs: 1, ok: true },
  ]);
  expect(readinessProblems(ready, { url, status: 200, json: b, ms: 4 }, list)).toEqual([]);
});

test('503 names each dependency that is not ready with its reported latency', () => {
  const b = body('not_ready', {
    database: entry(ok, 2),
    cache: entry('timeout', 30_000),
    queue: entry('down', 12),
  });
  const list = readDependencies(b, deps);
  expect(readinessProblems(ready, { url, status: 503, json: b, ms: 30_010 }, list)).toEqual([
    `${url} answered 503 "not_ready" in 30.0 s`,
    'not ready: cache timeout (30.0 s), queue down (12 ms)',
  ]);
});

test('200 whose body says not ready is not ready', () => {
  const b = body('degraded', { cache: entry(ok, 1) });
  expect(readinessProblems(ready, { url, status: 200, json: b, ms: 4 }, readDependencies(b, deps))).toEqual([
    `${url} answered 200 "degraded" in 4 ms`,
    'every listed dependency reports ok',
  ]);
});

test('an array of dependencies at another endpoint, latency as a string with a unit', () => {
  // A product that lists dependencies as [{name, status, latency}] with "0.4s"-style latencies.
  const list: DependencyList = {
    path: '/deps',
    at: 'items',
    shape: 'array',
    namePath: 'name',
    statusPath: 'state',
    latencyPath: 'latency',
    okValues: ['up'],
  };
  const b = {
    items: [
      { name: 'redis', state: 'down', latency: '0.4s' },
      { name: 'pg', state: 'up', latency: '3 ms' },
      { state: 'up' },
    ],
  };
  expect(readDependencies(b, list)).toEqual([
    { name: 'redis', status: 'down', latencyMs: 400, ok: false },
    { name: 'pg', status: 'up', latencyMs: 3, ok: true },
    { name: '#3', status: 'up', ok: true },
  ]);
  expect(readDependencies({ items: 'nope' }, list)).toBeUndefined();
});

test('a body without the dependency list the profile promises is a problem', () => {
  const b = { [statusKey]: ready.readyValues[0] ?? 'ready' };
  expect(readinessProblems(ready, { url, status: 200, json: b, ms: 4 }, readDependencies(b, deps))).toEqual([
    `no dependency list at ${deps.at} (profile ${deps.shape})`,
  ]);
});
