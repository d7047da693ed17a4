// Load traffic carries the run's trace: every HTTP request and WebSocket upgrade of both scenarios, on the Node
// executor and on a real k6 (skipped, with the reason, where there is none), arrives at the product with a W3C
// traceparent of the run's one trace id (a new span id each) and the profile's request-id header; the summary and
// its history row name that trace id. A recording proxy in front of the reference target sees what arrived.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { buildLoadBundles } from '../../scripts/build-load.ts';
import type { Config } from '../../src/config/index.ts';
import { loadRunRecord } from '../../src/history/records.ts';
import { startLocalRun, type LocalRun } from '../../src/local-target/local-run.ts';
import { startRecordingProxy, type RecordingProxy } from '../../src/testing/recording-proxy.ts';
import { newTraceId } from '../../src/protocol/trace-context.ts';
import type { ScenarioName } from '../lib/load-shapes.ts';
import { planFromEnv, PlanError, planToEnv, usersToEnv } from '../lib/plan.ts';
import type { LoadSummary } from '../lib/summary.ts';
import { findK6, k6RunArgs, NO_K6_REASON } from './k6-runner.ts';
import { loadUsers, planFromConfig, type PlanRequest } from './plan-from-config.ts';
import { runNodeScenario } from './run.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const K6 = findK6(process.env.K6_BIN, process.env.PATH);
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;
const SHAPES: Record<ScenarioName, Omit<PlanRequest, 'scenario'>> = {
  'ws-concurrency': { vus: 2, rampUpS: 0, durationS: 2, askEveryS: 0, gracefulStopS: 3 },
  'health-latency': { ratePerS: 4, durationS: 1, gracefulStopS: 2 },
};

test.describe.configure({ mode: 'serial' });

let local: LocalRun;
let proxy: RecordingProxy;
let dir: string;
test.beforeAll(async () => {
  local = await startLocalRun({ root: ROOT, overrides: { SLA_LOAD_CONCURRENT_CONNECTIONS: '2' } });
  proxy = await startRecordingProxy(local.target.url);
  dir = mkdtempSync(join(tmpdir(), 'gp-load-trace-'));
});
test.afterAll(async () => {
  await proxy.close();
  await local.target.stop();
  rmSync(dir, { recursive: true, force: true });
});
test.beforeEach(() => {
  proxy.seen.length = 0;
});

/** The config with every product URL through the proxy. */
const proxied = (): Config => ({
  ...local.config,
  urls: {
    web: proxy.via(local.config.urls.web),
    api: proxy.via(local.config.urls.api),
    auth: proxy.via(local.config.urls.auth),
    ws: proxy.via(local.config.urls.ws),
  },
});

/** Every request that arrived carries the summary's trace id, a span of its own and a request id. */
function expectTraced(summary: LoadSummary | undefined, scenario: ScenarioName, upgrades: boolean): void {
  const traceId = summary?.golden_path?.traceId;
  expect(traceId).toMatch(/^[0-9a-f]{32}$/);
  expect(proxy.seen.length).toBeGreaterThan(0);
  expect(proxy.seen.some((r) => r.upgrade)).toBe(upgrades);
  const header = local.config.profile.requestIdHeader ?? '';
  expect(header).not.toBe('');
  const spans = new Set<string>();
  for (const r of proxy.seen) {
    const parent = TRACEPARENT.exec(String(r.headers.traceparent));
    expect(parent?.[1], `${r.method} ${r.path}: traceparent ${String(r.headers.traceparent)}`).toBe(traceId);
    expect(r.headers[header], `${r.method} ${r.path}: ${header}`).toMatch(/^[0-9a-f-]{36}$/);
    spans.add(parent?.[2] ?? '');
  }
  expect(spans.size, 'a new span id per request').toBe(proxy.seen.length);
  if (!summary) return;
  const row = loadRunRecord(summary, 0, {
    scenario,
    environment: 'local',
    startedAt: summary.golden_path?.startedAt ?? '',
  });
  expect(row.traceId).toBe(traceId);
  expect(row.checks[0]?.traceId).toBe(traceId);
}

for (const scenario of ['ws-concurrency', 'health-latency'] as const) {
  test(`Node executor, ${scenario}: every request and upgrade carries the run's trace and a request id`, async () => {
    test.setTimeout(60_000);
    const config = proxied();
    const plan = planFromConfig({ scenario, ...SHAPES[scenario] }, config);
    const run = await runNodeScenario(plan, config, { outDir: dir, allowRemote: false, progress: null });
    expect(run.summary.golden_path?.traceId).toBe(plan.traceId);
    expectTraced(run.summary, scenario, scenario === 'ws-concurrency');
  });

  test(`k6, ${scenario}: every request and upgrade carries the run's trace (GP_TRACE_ID) and a request id`, async () => {
    test.skip(!K6, NO_K6_REASON);
    test.setTimeout(120_000);
    const config = proxied();
    const plan = planFromConfig({ scenario, ...SHAPES[scenario] }, config);
    const users = usersToEnv(loadUsers(config));
    const summaryFile = join(dir, `${scenario}-k6.json`);
    const bundle = (await buildLoadBundles()).find((b) => b.scenario === scenario)?.file ?? '';
    const args = k6RunArgs(bundle, { ...planToEnv(plan), ...users.public, GP_SUMMARY_FILE: summaryFile });
    args.splice(1, 0, '--quiet');
    // Not spawnSync: the proxy answering k6 lives in this process's event loop.
    const child = spawn(K6 ?? 'k6', args, {
      env: { ...process.env, ...users.secret },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 90_000,
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    await new Promise((resolve) => child.once('close', resolve));
    expect(planToEnv(plan).GP_TRACE_ID).toBe(plan.traceId);
    const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as LoadSummary;
    expect(summary.golden_path?.traceId, out).toBe(plan.traceId);
    expectTraced(summary, scenario, scenario === 'ws-concurrency');
  });
}

test('GP_TRACE_ID: a valid id is the plan’s, none leaves it to each VU, a malformed one is one line', () => {
  const env = { GP_SCENARIO: 'health-latency', GP_API_URL: 'http://127.0.0.1:1' };
  const id = newTraceId();
  expect(planFromEnv({ ...env, GP_TRACE_ID: id }).traceId).toBe(id);
  expect(planFromEnv(env).traceId).toBeUndefined();
  for (const bad of ['0'.repeat(32), 'ABC', id.toUpperCase()])
    expect(() => planFromEnv({ ...env, GP_TRACE_ID: bad })).toThrow(PlanError);
  expect(() => planFromEnv({ ...env, GP_TRACE_ID: 'xyz' })).toThrow(
    /GP_TRACE_ID="xyz" is not a W3C trace id/,
  );
});
