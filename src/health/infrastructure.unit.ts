// Unit tests of infrastructure reading: component statuses, connection time with units, pool utilisation.
import { expect, test } from '@playwright/test';
import profile from '../../profiles/default.ts';
import { infrastructureProblems, readInfrastructure, type InfraSpec } from './infrastructure.ts';
import { readPath } from '../protocol/json-path.ts';

const spec = profile.health.api.infrastructure as InfraSpec;
const ok = spec.okValues[0] ?? 'ok';

/** Builds a body by writing values at the profile's (dotted) paths. */
function bodyAt(values: [readonly string[] | undefined, unknown][]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [paths, value] of values) {
    const parts = (paths?.[0] ?? '').split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts.at(-1) ?? ''] = value;
  }
  return root;
}

test('healthy components, connection time in ms and pool as a percentage number', () => {
  const body = bodyAt([
    [spec.dbStatus, ok],
    [spec.dbConnectionTime, 12.5],
    [spec.poolUtilization, 30],
    [spec.cacheStatus, ok],
    [spec.authServiceStatus, ok],
  ]);
  expect(readPath(body, spec.dbStatus[0] ?? '')).toBe(ok);
  const r = readInfrastructure(spec, body);
  expect(r).toMatchObject({
    dbStatus: ok,
    dbConnectionMs: 12.5,
    poolRatio: 0.3,
    cacheStatus: ok,
    authServiceStatus: ok,
  });
  expect(infrastructureProblems(spec, r)).toEqual([]);
});

test('a degraded database and an unhealthy auth service are each named with the reported value', () => {
  const body = bodyAt([
    [spec.dbStatus, 'degraded'],
    [spec.dbConnectionTime, 6000],
    [spec.cacheStatus, ok],
    [spec.authServiceStatus, 'unhealthy'],
  ]);
  expect(infrastructureProblems(spec, readInfrastructure(spec, body))).toEqual([
    `database reports "degraded" (ok: ${spec.okValues.join(', ')})`,
    `auth service reports "unhealthy" (ok: ${spec.okValues.join(', ')})`,
  ]);
});

test('values with units: "0.123s" connection time and "85.0%" pool', () => {
  // A product reporting `average_connection_time: "0.123s"` and a percentage string.
  const other: InfraSpec = {
    ...spec,
    dbConnectionTime: ['db.avg'],
    dbConnectionTimeUnit: 's',
    poolUtilization: ['db.pool'],
    cacheStatus: undefined,
    authServiceStatus: undefined,
    dbStatus: ['db.state'],
  };
  const r = readInfrastructure(other, { db: { state: ok, avg: '0.123s', pool: '85.0%' } });
  expect(r.dbConnectionMs).toBeCloseTo(123);
  expect(r.poolRatio).toBeCloseTo(0.85);
  expect(infrastructureProblems(other, r)).toEqual([]);
  const bad = readInfrastructure(other, { db: { state: ok, avg: 'slow', pool: 'lots' } });
  expect(infrastructureProblems(other, bad)).toEqual([
    'database connection time "slow" at db.avg is not a duration',
    'pool utilisation "lots" at db.pool is not a ratio or percentage',
  ]);
});

test('missing component statuses are problems, not passes', () => {
  expect(infrastructureProblems(spec, readInfrastructure(spec, {}))).toEqual([
    `no database status at ${spec.dbStatus.join(' | ')}`,
    `no cache status at ${spec.cacheStatus?.join(' | ') ?? ''}`,
    `no auth service status at ${spec.authServiceStatus?.join(' | ') ?? ''}`,
  ]);
});
