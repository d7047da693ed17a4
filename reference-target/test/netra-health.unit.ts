// netra-apex dialect, health side: {"status":"ok"}, shallow readiness, system info, dependency array, unit strings.
import { expect, test } from '@playwright/test';
import { startReferenceTarget, type RunningTarget } from '../server.ts';
import { call } from './http-client.ts';

let target: RunningTarget;
test.beforeAll(async () => {
  target = await startReferenceTarget({
    port: 0,
    log: 'silent',
    dialect: 'netra-apex',
    version: '1.4.2',
    commit: '3f9c2a1',
  });
});
test.afterAll(async () => {
  await target.close();
});
test.afterEach(() => target.setFaults(''));

test('/health is {"status":"ok"} and /health/ready is 200 {"status":"ready"}', async () => {
  expect((await call(target.url, '/health')).json).toEqual({ status: 'ok' });
  const ready = await call(target.url, '/health/ready');
  expect(ready.status).toBe(200);
  expect(ready.json).toEqual({ status: 'ready' });
});

test('version and commit come from /api/system/info; the auth service reports its own', async () => {
  expect((await call(target.url, '/api/system/info')).json).toMatchObject({
    version: '1.4.2',
    git_commit: '3f9c2a1',
  });
  expect((await call(target.url, '/auth/health')).json).toMatchObject({
    status: 'healthy',
    version: '1.4.2',
  });
  target.setFaults('version-drift');
  expect((await call(target.url, '/api/system/info')).json).toMatchObject({ version: '1.4.3' });
  expect((await call(target.url, '/version.json')).json).toEqual({ version: '1.4.2', commit: '3f9c2a1' });
});

test('/api/system/dependencies/status lists {name,type,status,latency_ms,version,error}', async () => {
  const res = await call(target.url, '/api/system/dependencies/status');
  expect(res.json.overall_status).toBe('healthy');
  const deps = res.json.dependencies as Record<string, unknown>[];
  expect(deps.map((d) => d.name)).toEqual(['postgres', 'redis', 'auth_service']);
  for (const d of deps) {
    expect(Object.keys(d).sort()).toEqual(['error', 'latency_ms', 'name', 'status', 'type', 'version']);
    expect(d.status).toBe('healthy');
    expect(d.error).toBeNull();
  }
});

test('/health/infrastructure reports times and utilisation as strings with units', async () => {
  const res = await call(target.url, '/health/infrastructure');
  const db = res.json.database as Record<string, unknown>;
  expect(db.average_connection_time).toMatch(/^\d+\.\d{3}s$/);
  expect(db.pool_utilization).toMatch(/^\d+(\.\d)?%$/);
  expect((res.json.cache as Record<string, unknown>).average_response_time).toMatch(/^\d+\.\d{3}s$/);
});

test('F6 and F8 show in this dialect: ready hangs then 503; database connection time in seconds', async () => {
  target.setFaults('ready-dependency-timeout:300');
  const ready = await call(target.url, '/health/ready');
  expect(ready.status).toBe(503);
  expect(ready.ms).toBeGreaterThanOrEqual(295);
  expect((await call(target.url, '/health')).ms).toBeLessThan(150);
  target.setFaults('db-slow:400');
  const infra = await call(target.url, '/health/infrastructure');
  const db = infra.json.database as Record<string, unknown>;
  expect(db.status).toBe('degraded');
  expect(Number.parseFloat(String(db.average_connection_time))).toBeGreaterThanOrEqual(0.395);
  const deps = await call(target.url, '/api/system/dependencies/status');
  expect(deps.json.overall_status).toBe('degraded');
});
