// Health-side faults on the wire: F6 readiness hang, F8 degraded database, F12 version drift, F5's raw side.
import { expect, test } from '@playwright/test';
import { startReferenceTarget, type RunningTarget } from '../server.ts';
import { ALICE, call, login, type LoggedIn } from './http-client.ts';
import { ask, connectWithHeader } from './ws-client.ts';

let target: RunningTarget;
let alice: LoggedIn;
test.beforeAll(async () => {
  target = await startReferenceTarget({
    port: 0,
    log: 'silent',
    phaseDelayMs: [5, 20],
    version: '1.4.2',
    commit: '3f9c2a1',
  });
  alice = await login(target.url, ALICE);
});
test.afterAll(async () => {
  await target.close();
});
test.afterEach(() => target.setFaults(''));

test('F6 ready-dependency-timeout: /health stays fast while /health/ready hangs, then 503 naming the cache', async () => {
  target.setFaults('ready-dependency-timeout:400');
  const [live, ready] = await Promise.all([call(target.url, '/health'), call(target.url, '/health/ready')]);
  expect(live.status).toBe(200);
  expect(live.ms).toBeLessThan(150);
  expect(ready.ms).toBeGreaterThanOrEqual(395);
  expect(ready.status).toBe(503);
  expect((ready.json.checks as Record<string, unknown>).cache).toMatchObject({
    status: 'timeout',
    error: expect.stringContaining('redis'),
  });
});

test('F8 db-slow: infrastructure reports the database degraded with connection time >= the delay', async () => {
  target.setFaults('db-slow:300');
  const infra = await call(target.url, '/health/infrastructure');
  expect(infra.status).toBe(200);
  const db = infra.json.database as { status: string; connection_time_ms: number };
  expect(db.status).toBe('degraded');
  expect(db.connection_time_ms).toBeGreaterThanOrEqual(295);
  const ready = await call(target.url, '/health/ready');
  expect(ready.status).toBe(503);
  expect((ready.json.checks as Record<string, { status: string }>).database?.status).toBe('unhealthy');
});

test('F8 db-slow: an agent run fails with agent_error database_unavailable after the delay', async () => {
  target.setFaults('db-slow:300');
  const client = await connectWithHeader(target.url, alice.token);
  const started = performance.now();
  const frames = await ask(client, 'needs the database');
  expect(performance.now() - started).toBeGreaterThanOrEqual(295);
  expect(frames.map((f) => f.type)).toEqual(['agent_error']);
  expect(frames[0]).toMatchObject({ code: 'database_unavailable', user_id: alice.userId });
  expect(String(frames[0]?.run_id)).toMatch(/^run_/);
  await client.close();
});

test('F12 version-drift: the API reports another version and commit than the auth service and the frontend', async () => {
  target.setFaults('version-drift');
  const api = (await call(target.url, '/health')).json;
  expect(api).toMatchObject({ version: '1.4.3' });
  expect(api.commit).not.toBe('3f9c2a1');
  expect(String(api.commit)).toMatch(/^[0-9a-f]{7}$/);
  expect((await call(target.url, '/auth/health')).json).toMatchObject({
    version: '1.4.2',
    commit: '3f9c2a1',
  });
  expect((await call(target.url, '/version.json')).json).toEqual({ version: '1.4.2', commit: '3f9c2a1' });
  expect((await call(target.url, '/chat')).text).toContain('<meta name="version" content="1.4.2">');
});

test('F5 frontend-protocol-mismatch: the page ships the stale bundle while the raw protocol still works', async () => {
  target.setFaults('frontend-protocol-mismatch');
  expect((await call(target.url, '/chat')).text).toContain('data-stale-bundle="true"');
  const client = await connectWithHeader(target.url, alice.token);
  expect((await ask(client, 'raw still fine')).at(-1)?.type).toBe('agent_completed');
  await client.close();
  target.setFaults('');
  expect((await call(target.url, '/chat')).text).toContain('data-stale-bundle="false"');
});
