// Health endpoints of the default dialect, the frontend's version sources, and the pages' accessible structure.
import { expect, test } from '@playwright/test';
import { startReferenceTarget, type RunningTarget } from '../server.ts';
import { ALICE, call, login } from './http-client.ts';
import { connectWithHeader } from './ws-client.ts';

let target: RunningTarget;
test.beforeAll(async () => {
  target = await startReferenceTarget({
    port: 0,
    log: 'silent',
    phaseDelayMs: [5, 20],
    version: '2.0.1',
    commit: 'abc1234',
  });
});
test.afterAll(async () => {
  await target.close();
});
test.afterEach(() => target.setFaults(''));

test('/health is cheap and reports version, commit, uptime', async () => {
  const res = await call(target.url, '/health');
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ status: 'healthy', version: '2.0.1', commit: 'abc1234' });
  expect(typeof res.json.uptime_s).toBe('number');
});

test('/health/ready times real checks of every component', async () => {
  const res = await call(target.url, '/health/ready');
  expect(res.status).toBe(200);
  expect(res.json.status).toBe('ready');
  const checks = res.json.checks as Record<string, { status: string; latency_ms: number }>;
  expect(Object.keys(checks).sort()).toEqual([
    'agent_runtime',
    'cache',
    'database',
    'token_signer',
    'user_store',
  ]);
  for (const [name, check] of Object.entries(checks)) {
    expect(check.status, name).toBe('healthy');
    expect(check.latency_ms, name).toBeGreaterThanOrEqual(0);
  }
  expect(checks.database?.latency_ms).toBeGreaterThan(0.5);
});

test('/health/ready answers 503 not_ready naming the failing dependency', async () => {
  target.setFaults('ready-dependency-timeout:150');
  const res = await call(target.url, '/health/ready');
  expect(res.status).toBe(503);
  expect(res.json.status).toBe('not_ready');
  const checks = res.json.checks as Record<string, { status: string; latency_ms: number; error?: string }>;
  expect(checks.cache).toMatchObject({ status: 'timeout' });
  expect(checks.cache?.latency_ms).toBeGreaterThanOrEqual(145);
  expect(checks.database?.status).toBe('healthy');
});

test('/health/infrastructure reports database, cache and auth service', async () => {
  const res = await call(target.url, '/health/infrastructure');
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({
    database: { status: 'healthy', pool_size: 10 },
    cache: { status: 'healthy' },
    auth_service: { status: 'healthy' },
  });
  const db = res.json.database as { connection_time_ms: number; pool_utilization: number };
  expect(db.connection_time_ms).toBeGreaterThan(0);
  expect(db.connection_time_ms).toBeLessThan(1000);
  expect(db.pool_utilization).toBeGreaterThanOrEqual(0);
  expect(db.pool_utilization).toBeLessThanOrEqual(100);
});

test('/auth/health is the auth service, /ws/health counts connections', async () => {
  expect((await call(target.url, '/auth/health')).json).toEqual({
    status: 'healthy',
    version: '2.0.1',
    commit: 'abc1234',
  });
  const { token } = await login(target.url, ALICE);
  const client = await connectWithHeader(target.url, token);
  expect((await call(target.url, '/ws/health')).json).toEqual({ status: 'healthy', active_connections: 1 });
  await client.close();
});

test('the frontend reports its version in /version.json and a meta tag on every page', async () => {
  expect((await call(target.url, '/version.json')).json).toEqual({ version: '2.0.1', commit: 'abc1234' });
  for (const path of ['/login', '/chat']) {
    const page = await call(target.url, path);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('<meta name="version" content="2.0.1">');
  }
  const root = await call(target.url, '/');
  expect(root.status).toBe(302);
  expect(root.headers.location).toBe('/login');
});

test('pages carry labelled controls and no external references', async () => {
  const loginPage = (await call(target.url, '/login')).text;
  expect(loginPage).toContain('<label for="email">Email</label>');
  expect(loginPage).toContain('<label for="password">Password</label>');
  expect(loginPage).toMatch(/<button[^>]*>Sign in<\/button>/);
  expect(loginPage).toContain('role="alert"');
  const chat = (await call(target.url, '/chat')).text;
  expect(chat).toContain('<label for="message">Message</label>');
  expect(chat).toContain('aria-label="Conversation"');
  expect(chat).toContain('aria-label="Agent status"');
  expect(chat).toContain('aria-label="Connection: Connecting"');
  for (const html of [loginPage, chat]) expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
});
