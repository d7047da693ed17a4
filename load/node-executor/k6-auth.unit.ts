// The k6 token code (load/k6/auth.ts, bundled as for k6) through the k6 emulation, at parity with AuthClient:
// registration once per VU before its first login, the acquireToken hook, and the http strategy's declared settings.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { expect, test } from '@playwright/test';
import type { Profile } from '../../profiles/define.ts';
import {
  BYPASS,
  relay,
  relayWithStrategies,
  WITH_BYPASS,
  withExchangeHook,
  WITH_REGISTER,
} from '../../src/testing/test-profile.ts';
import { M, metricsOf } from '../lib/metrics.ts';
import type { LoadUser } from '../lib/plan.ts';
import { bundleForShim, installShim, loadVu } from './k6-shim.ts';
import { MetricsRegistry } from './metrics-registry.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

interface Seen {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}
type Routes = Record<string, { status: number; body: unknown }>;

// k6's HTTP is synchronous: the emulation blocks this thread for each request, so the scripted target answers
// from a worker thread of its own.
const TARGET = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const routes = workerData;
const seen = [];
const server = http.createServer((req, res) => {
  let text = '';
  req.on('data', (c) => (text += c));
  req.on('end', () => {
    let body;
    try { body = text ? JSON.parse(text) : undefined; } catch { body = text; }
    const path = new URL(req.url, 'http://x').pathname;
    seen.push({ method: req.method, path, headers: req.headers, body });
    const route = routes[req.method + ' ' + path];
    if (!route) return res.writeHead(404).end();
    res.writeHead(route.status, { 'content-type': 'application/json' }).end(JSON.stringify(route.body));
  });
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', (m) => {
  if (m.routes) Object.assign(routes, m.routes);
  if (m.close) return server.close(() => parentPort.close());
  parentPort.postMessage(seen);
});`;

class WorkerTarget {
  private constructor(
    readonly url: string,
    private readonly worker: Worker,
  ) {}

  static async start(routes: Routes): Promise<WorkerTarget> {
    const worker = new Worker(TARGET, { eval: true, workerData: routes });
    const port = await new Promise<number>((resolve) => worker.once('message', resolve));
    return new WorkerTarget(`http://127.0.0.1:${port}`, worker);
  }

  /** Changes routes (when given) and answers every request seen so far. */
  async requests(routes?: Routes): Promise<Seen[]> {
    const answer = new Promise<Seen[]>((resolve) => this.worker.once('message', resolve));
    this.worker.postMessage({ routes });
    return answer;
  }

  async close(): Promise<void> {
    this.worker.postMessage({ close: true });
    await this.worker.terminate();
  }
}

type Acquire = (auth: unknown, user: LoadUser) => Promise<{ token: string } | { problem: string }>;

const SESSION = { status: 200, body: { jwt: 'relay-token-for-login' } };
const ALICE: LoadUser = { label: 'user1', email: 'alice@example.com', password: 'pa55-alice' };
const BOB: LoadUser = { label: 'user2', email: 'bob@example.com', password: 'pa55-bob' };

let dir: string;
let bundle: string;
test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gp-k6-auth-'));
  bundle = join(dir, 'auth.mjs');
  await bundleForShim(join(ROOT, 'load', 'k6', 'auth.ts'), bundle);
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

let target: WorkerTarget;
test.afterEach(() => target.close());

// Module instances are cached by URL: every VU of the file gets an id of its own.
let vus = 0;

/** A new VU's copy of the module (its own registrations, as k6 gives each VU its own runtime). */
async function vu(profile: Profile, settings: Record<string, string> = {}) {
  const registry = new MetricsRegistry(metricsOf('ws-concurrency'));
  installShim(settings, registry);
  const mod = await loadVu(bundle, ++vus);
  const auth = {
    profile,
    urls: { api: target.url, auth: target.url, web: `${target.url}/app` },
    timeoutMs: 2000,
    sink: registry,
    now: Date.now,
    settings,
  };
  return { acquire: (user: LoadUser) => (mod.acquireToken as Acquire)(auth, user), registry };
}

for (const status of [201, 409]) {
  test(`registration answered ${status} is fine: once per user and VU, before the first login`, async () => {
    target = await WorkerTarget.start({
      'POST /v2/signup': { status, body: {} },
      'POST /v2/session': SESSION,
    });
    const vu1 = await vu(WITH_REGISTER);
    expect(await vu1.acquire(ALICE)).toMatchObject({ token: 'relay-token-for-login' });
    await vu1.acquire(ALICE);
    await vu1.acquire(BOB);
    const vu2 = await vu(WITH_REGISTER);
    await vu2.acquire(ALICE);
    const seen = await target.requests();
    expect(seen.map((r) => r.path)).toEqual([
      '/v2/signup',
      '/v2/session',
      '/v2/session',
      '/v2/signup',
      '/v2/session',
      '/v2/signup',
      '/v2/session',
    ]);
    expect(seen[0]?.body).toEqual({ user: ALICE.email, pass: ALICE.password });
    // Registration is not the login: only the three logins of VU 1 are timed as auth.login.latency.
    expect(vu1.registry.count(M.login.name)).toBe(3);
  });
}

test('a 5xx registration is a one-line problem, no login follows, and the next attempt registers again', async () => {
  target = await WorkerTarget.start({
    'POST /v2/signup': { status: 503, body: {} },
    'POST /v2/session': SESSION,
  });
  const vu1 = await vu(WITH_REGISTER);
  expect(await vu1.acquire(ALICE)).toEqual({
    problem: `registration POST ${target.url}/v2/signup answered 503 for user1 (auth service unavailable); expected 2xx, or 400/409/422 for a user that exists`,
  });
  expect(vu1.registry.count(M.http5xx.name)).toBe(1);
  await target.requests({ 'POST /v2/signup': { status: 201, body: {} } });
  expect(await vu1.acquire(ALICE)).toMatchObject({ token: 'relay-token-for-login' });
  expect((await target.requests()).map((r) => r.path)).toEqual(['/v2/signup', '/v2/signup', '/v2/session']);
});

test('hooks.acquireToken goes first, awaited, with HTTP on k6/http through its context', async () => {
  target = await WorkerTarget.start({
    'POST /v2/exchange': { status: 200, body: { minted: 'hooked-token' } },
  });
  const contexts: unknown[] = [];
  const hooked = withExchangeHook(contexts);
  const grant = await (await vu(hooked)).acquire(ALICE);
  expect(grant).toMatchObject({ token: 'hooked-token' });
  expect(contexts).toEqual([
    {
      email: ALICE.email,
      password: ALICE.password,
      urls: { api: target.url, auth: target.url, web: `${target.url}/app` },
    },
  ]);
  const seen = await target.requests();
  expect(seen.map((r) => [r.path, r.headers['x-who'], r.body])).toEqual([
    ['/v2/exchange', 'unit', { who: ALICE.email }],
  ]);
});

test('a hook that declines falls through to the strategies; one that throws is a problem with secrets hidden', async () => {
  target = await WorkerTarget.start({ 'POST /v2/session': SESSION });
  const declining = relay((p) => ({ ...p, hooks: { acquireToken: () => Promise.resolve(undefined) } }));
  expect(await (await vu(declining)).acquire(ALICE)).toMatchObject({ token: 'relay-token-for-login' });
  const throwing = relay((p) => ({
    ...p,
    hooks: {
      acquireToken: (ctx) => {
        throw new Error(`no SSO for ${ctx.password ?? ''}\nstack`);
      },
    },
  }));
  expect(await (await vu(throwing)).acquire(ALICE)).toEqual({
    problem: 'hooks.acquireToken of profile "relay" failed for user1: no SSO for [redacted]',
  });
});

test('the http strategy reads its declared settings from __ENV; unset, it is skipped and named, never its value', async () => {
  target = await WorkerTarget.start({
    'POST /v2/bypass': { status: 200, body: { jwt: 'relay-token-for-bypass' } },
  });
  const grant = await (await vu(WITH_BYPASS, { BYPASS_KEY: 'bypass-key-value' })).acquire(ALICE);
  expect(grant).toMatchObject({ token: 'relay-token-for-bypass' });
  const [call] = await target.requests();
  expect(call?.headers['x-bypass']).toBe('bypass-key-value');
  expect(call?.body).toEqual({ user: ALICE.email, key: 'bypass-key-value' });

  expect(await (await vu(WITH_BYPASS)).acquire(ALICE)).toEqual({
    problem: 'no token strategy of profile "relay" applies to user1: http (no BYPASS_KEY)',
  });
  const undeclared = relayWithStrategies({ ...BYPASS, secretSettings: [] });
  const problem = await (await vu(undeclared, { BYPASS_KEY: 'bypass-key-value' })).acquire(ALICE);
  expect(problem).toEqual({
    problem:
      'auth.strategies.0: {{bypass_key}} of the http strategy of profile "relay" is neither a user field nor one of its secretSettings',
  });
});
