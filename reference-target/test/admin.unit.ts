// The admin endpoint: loopback-only, token-guarded, validates specs, and is never affected by faults itself.
import { expect, test } from '@playwright/test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_PATH, handleAdmin } from '../faults/admin-route.ts';
import { FaultState } from '../faults/fault-state.ts';
import { createLogger } from '../log.ts';
import { startReferenceTarget, type RunningTarget } from '../server.ts';
import { bearer, call } from './http-client.ts';

const ADMIN_TOKEN = 'unit-test-admin-token';
let target: RunningTarget;
test.beforeAll(async () => {
  target = await startReferenceTarget({
    port: 0,
    log: 'silent',
    adminToken: ADMIN_TOKEN,
    faults: 'auth-slow:50',
  });
});
test.afterAll(async () => {
  await target.close();
});

test('without the admin token: 401; with it: the active faults', async () => {
  expect((await call(target.url, ADMIN_PATH)).status).toBe(401);
  expect((await call(target.url, ADMIN_PATH, { headers: bearer('wrong-token-value') })).status).toBe(401);
  const res = await call(target.url, ADMIN_PATH, { headers: bearer(ADMIN_TOKEN) });
  expect(res.status).toBe(200);
  expect(res.json).toEqual({ faults: 'auth-slow:50', active: [{ name: 'auth-slow', param: 50 }] });
});

test('PUT replaces (defaults made explicit), DELETE clears, a bad spec is a 400 naming the entry', async () => {
  const put = await call(target.url, ADMIN_PATH, {
    method: 'PUT',
    body: { faults: 'db-slow, drop-event:tool_completed' },
    headers: bearer(ADMIN_TOKEN),
  });
  expect(put.status).toBe(200);
  expect(put.json.faults).toBe('db-slow:6000,drop-event:tool_completed');
  for (const faults of [
    'warp-drive',
    'auth-slow:fast',
    'drop-event',
    'version-drift:2',
    'ws-race-1011:1.5',
  ]) {
    const bad = await call(target.url, ADMIN_PATH, {
      method: 'PUT',
      body: { faults },
      headers: bearer(ADMIN_TOKEN),
    });
    expect(bad.status, faults).toBe(400);
    expect(bad.json.error).toBe('invalid_fault_spec');
    expect(String(bad.json.detail)).toContain(faults.split(':')[0] ?? '');
  }
  const malformed = await call(target.url, ADMIN_PATH, {
    method: 'PUT',
    body: { spec: 'x' },
    headers: bearer(ADMIN_TOKEN),
  });
  expect(malformed.status).toBe(400);
  const cleared = await call(target.url, ADMIN_PATH, { method: 'DELETE', headers: bearer(ADMIN_TOKEN) });
  expect(cleared.json).toEqual({ faults: '', active: [] });
});

test('admin calls are not affected by faults (cold start, stripped headers, auth down)', async () => {
  target.setFaults('cold-start-5xx:50,strip-auth-header,auth-down');
  const res = await call(target.url, ADMIN_PATH, { headers: bearer(ADMIN_TOKEN) });
  expect(res.status).toBe(200);
  expect((await call(target.url, '/health')).status).toBe(503);
  const cleared = await call(target.url, ADMIN_PATH, { method: 'DELETE', headers: bearer(ADMIN_TOKEN) });
  expect(cleared.status).toBe(200);
  expect((await call(target.url, '/health')).status).toBe(200);
});

test('a caller from a non-loopback address is refused with 403, even with the token', async () => {
  const faults = new FaultState('', 1);
  const server = createServer((req, res) => {
    Object.defineProperty(req.socket, 'remoteAddress', { value: '10.20.30.40' });
    void handleAdmin(req, res, faults, ADMIN_TOKEN, createLogger('silent'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const res = await call(base, ADMIN_PATH, { headers: bearer(ADMIN_TOKEN) });
  expect(res.status).toBe(403);
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
