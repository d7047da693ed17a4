// The k6 scenarios' own code (bundled as for k6) driven through an emulation of the k6 modules against the
// reference target: options from the SLA table, setup, VUs, the explicit subprotocol header, handleSummary.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { hdrThresholds } from '../lib/hdr-carrier.ts';
import { trendsOf } from '../k6/context.ts';
import { buildSlaTable } from '../../src/config/sla-table.ts';
import type { LocalTarget } from '../../src/local-target/launcher.ts';
import { M } from '../lib/metrics.ts';
import { planToEnv, usersToEnv, type LoadPlan } from '../lib/plan.ts';
import { TREND_STATS, type LoadSummary } from '../lib/summary.ts';
import { k6Thresholds, thresholdRules } from '../lib/thresholds.ts';
import { companionThresholds, samplesKey } from '../lib/companions.ts';
import { bundleForShim, drained, installShim, loadVu, writeFiles } from './k6-shim.ts';
import { startLocalRun } from '../../src/local-target/local-run.ts';
import { MetricsRegistry } from './metrics-registry.ts';
import { expectJudged } from './judged.ts';
import { loadUsers, planFromConfig, type PlanRequest } from './plan-from-config.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
type Fn = (...args: unknown[]) => unknown;

test.describe.configure({ mode: 'serial' });

async function prepare(
  scenario: 'ws-concurrency' | 'health-latency',
  request: Omit<PlanRequest, 'scenario'>,
  faults?: string,
) {
  const dir = mkdtempSync(join(tmpdir(), 'gp-k6-shim-'));
  // Four VUs cannot hold the SLA's 50 sessions: the override is part of what is tested (it reaches k6 as -e).
  // The emulation's synchronous HTTP starts a process per request, so its login times are not the target's.
  const overrides = { SLA_LOAD_CONCURRENT_CONNECTIONS: '4', SLA_AUTH_LOGIN_P95_MS: '30000' };
  // Quick agent phases (still 0.1 s apart, as agent.events.spread wants): several questions fit in a few seconds.
  const targetEnv = { REF_PHASE_DELAY_MS: '100-200' };
  const { target, config } = await startLocalRun({
    root: ROOT,
    overrides,
    targetEnv,
    ...(faults ? { faults } : {}),
  });
  const plan = planFromConfig({ scenario, ...request }, config);
  const users = usersToEnv(loadUsers(config));
  const k6Env = {
    ...planToEnv(plan),
    ...users.public,
    ...users.secret,
    GP_SUMMARY_FILE: join(dir, 'summary.json'),
  };
  const bundle = join(dir, `${scenario}.mjs`);
  await bundleForShim(join(ROOT, 'load', `${scenario}.ts`), bundle);
  const registry = new MetricsRegistry([]);
  const shim = installShim(k6Env, registry);
  return { dir, target, config, plan, bundle, registry, shim };
}

async function finish(
  ctx: { dir: string; target: LocalTarget; bundle: string; registry: MetricsRegistry },
  startedAt: number,
): Promise<LoadSummary> {
  const vu = await loadVu(ctx.bundle, 999);
  const data = {
    root_group: { name: '', path: '', id: '', groups: [], checks: [] },
    options: { summaryTrendStats: [...TREND_STATS], summaryTimeUnit: '', noColor: true },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: Date.now() - startedAt },
    metrics: ctx.registry.toSummary(Date.now() - startedAt),
  };
  const files = (vu.handleSummary as Fn)(data) as Record<string, string>;
  expect(files.stdout).toContain('thresholds:');
  writeFiles(ctx.dir, files);
  return JSON.parse(readFileSync(join(ctx.dir, 'summary.json'), 'utf8')) as LoadSummary;
}

/** ramping-vus as k6 runs it: VU i starts at i × ramp / vus and iterates until the stages end. */
async function runVus(ctx: Awaited<ReturnType<typeof prepare>>, plan: LoadPlan): Promise<number> {
  const setupVu = await loadVu(ctx.bundle, 0);
  ctx.shim.vu.current = 0;
  // k6's consolidated options: the script's own scenario (no flag replaced it).
  ctx.shim.vu.scenarios = (setupVu.options as { scenarios: Record<string, unknown> }).scenarios;
  ctx.shim.vu.regularMs = (plan.rampUpS + plan.durationS) * 1000;
  // k6 awaits an async setup and hands its result to every VU as JSON.
  const data: unknown = JSON.parse(JSON.stringify((await (setupVu.setup as Fn)()) ?? null));
  const startedAt = Date.now();
  ctx.shim.vu.scenarioStart = startedAt;
  const end = startedAt + (plan.rampUpS + plan.durationS) * 1000;
  await Promise.all(
    Array.from({ length: plan.vus }, async (_, i) => {
      const id = i + 1;
      const mod = await loadVu(ctx.bundle, id);
      await new Promise((r) => setTimeout(r, (plan.rampUpS * 1000 * i) / plan.vus));
      for (let iteration = 0; Date.now() < end && iteration < 5; iteration++) {
        ctx.shim.vu.current = id;
        ctx.shim.vu.iteration = iteration;
        // k6 awaits an async iteration, then its event loop (sockets, timers).
        await (mod.default as Fn)(data);
        expect(
          await drained(ctx.shim.vu.pending, id, (plan.durationS + plan.gracefulStopS + 10) * 1000),
          `VU ${id} event loop drained`,
        ).toBe(true);
      }
    }),
  );
  return startedAt;
}

test('ws-concurrency on k6: options from the SLA table, the explicit subprotocol header, journeys and summary', async () => {
  test.setTimeout(60_000);
  const ctx = await prepare('ws-concurrency', {
    vus: 4,
    rampUpS: 1,
    durationS: 4,
    askEveryS: 1,
    pingEveryS: 1,
    gracefulStopS: 5,
  });
  try {
    const vu1 = await loadVu(ctx.bundle, 1);
    const options = vu1.options as {
      thresholds: unknown;
      scenarios: Record<string, { executor: string; stages: unknown }>;
    };
    const rules = thresholdRules('ws-concurrency', buildSlaTable(ctx.plan.sla), {
      isolation: true,
      login: true,
    });
    // The SLA's thresholds, k6's own "not measured" failure (count>0 on each thresholded trend's samples), and
    // the never-failing ones that bring each trend's HDR buckets into the summary.
    expect(options.thresholds).toEqual({
      ...k6Thresholds(rules),
      ...companionThresholds('ws-concurrency', rules),
      ...hdrThresholds(trendsOf('ws-concurrency')),
    });
    expect(options.thresholds).toHaveProperty([samplesKey(M.handshake.name)], ['count>0']);
    expect(options.scenarios['ws-concurrency']).toMatchObject({
      executor: 'ramping-vus',
      stages: [
        { duration: '1s', target: 4 },
        { duration: '4s', target: 4 },
      ],
    });

    const startedAt = await runVus(ctx, ctx.plan);
    expect(ctx.shim.record.failures).toEqual([]);
    const carrier = ctx.config.profile.ws.carriers.find((c) => c.kind === 'subprotocol');
    // Every VU that started opened one socket (how many started in the window is timing: a benchmark's business).
    expect(ctx.shim.record.sockets.length).toBeGreaterThan(0);
    expect(ctx.shim.record.sockets.length).toBeLessThanOrEqual(4);
    for (const s of ctx.shim.record.sockets) {
      expect(s.protocols).toBeNull();
      if (carrier?.kind === 'subprotocol')
        expect(s.headers['Sec-WebSocket-Protocol']?.split(', ')[0]).toBe(carrier.entries[0]);
    }
    const summary = await finish(ctx, startedAt);
    const v = (name: string): Record<string, number> => summary.metrics[name]?.values ?? {};
    expect(summary.golden_path).toMatchObject({
      engine: 'k6',
      scenario: 'ws-concurrency',
      loadShape: { kind: 'closed-loop', vus: 4 },
    });
    const sockets = ctx.shim.record.sockets.length;
    expect(v(M.login.name).count).toBe(sockets);
    expect(v(M.sessionsOpened.name).count).toBe(sockets);
    expect(v(M.sessionsHeld.name).count).toBe(sockets);
    expect(v(M.journey.name).count).toBe(sockets);
    // Each trend's HDR buckets came out of k6 through their sub-metrics, which left the catalogue's metrics as they were.
    expect(summary.golden_path?.hdr?.trends[M.handshake.name]?.count).toBe(v(M.handshake.name).count);
    expect(summary.golden_path?.histograms?.[M.handshake.name]?.n).toBe(v(M.handshake.name).count);
    expect(Object.keys(summary.metrics).filter((name) => name.startsWith('gp_hdr_'))).toEqual([]);
    // Runs were answered with all their events (how many fit in the window, and how fast, is timing); goodput
    // (complete and within every per-run SLA) was judged; keepalives went out.
    expect(v(M.eventsComplete.name).passes).toBeGreaterThan(0);
    expect((v(M.journeyOk.name).passes ?? 0) + (v(M.journeyOk.name).fails ?? 0)).toBeGreaterThan(0);
    expect(v(M.pongs.name).count).toBeGreaterThan(0);
    // The emulation's logins start a process each: on a loaded machine a VU may not open its session within the
    // window, so sessions held against the 4 asked is timing here (every socket opened was held, asserted above).
    expectJudged(summary.golden_path?.thresholds ?? [], [M.sessionsHeld.name]);
  } finally {
    await ctx.target.stop();
    rmSync(ctx.dir, { recursive: true, force: true });
  }
});

test("ws-concurrency on k6 sees another user's events as isolation breaches (cross-user-leak)", async () => {
  test.setTimeout(60_000);
  const ctx = await prepare(
    'ws-concurrency',
    { vus: 4, rampUpS: 1, durationS: 3, askEveryS: 1, pingEveryS: 1, gracefulStopS: 5 },
    'cross-user-leak',
  );
  try {
    const startedAt = await runVus(ctx, ctx.plan);
    const summary = await finish(ctx, startedAt);
    expect(summary.metrics[M.isolation.name]?.values.count).toBeGreaterThan(0);
    const isolation = summary.golden_path?.thresholds.find((t) => t.metric === M.isolation.name);
    expect(isolation).toMatchObject({ ok: false, expression: 'count==0' });
  } finally {
    await ctx.target.stop();
    rmSync(ctx.dir, { recursive: true, force: true });
  }
});

test('health-latency on k6: two constant-arrival-rate scenarios, answers judged, latency from the intended time', async () => {
  test.setTimeout(60_000);
  const ctx = await prepare('health-latency', { durationS: 2, ratePerS: 5, maxInFlight: 5 });
  try {
    const vu1 = await loadVu(ctx.bundle, 1);
    const options = vu1.options as { scenarios: Record<string, Record<string, unknown>> };
    for (const name of ['live', 'ready']) {
      expect(options.scenarios[name]).toMatchObject({
        executor: 'constant-arrival-rate',
        exec: name,
        rate: 5,
        timeUnit: '1s',
        duration: '2s',
        preAllocatedVUs: 5,
      });
    }
    const setupVu = await loadVu(ctx.bundle, 0);
    ctx.shim.vu.scenarios = options.scenarios;
    ctx.shim.vu.regularMs = ctx.plan.durationS * 1000;
    (setupVu.setup as Fn)();
    const startedAt = Date.now();
    ctx.shim.vu.scenarioStart = startedAt;
    for (let i = 0; i < 5; i++) {
      ctx.shim.vu.iteration = i;
      (vu1.live as Fn)();
      (vu1.ready as Fn)();
    }
    const summary = await finish(ctx, startedAt);
    expect(summary.metrics[M.health.name]?.values.count).toBe(5);
    expect(summary.metrics[M.healthReady.name]?.values.count).toBe(5);
    expect(summary.metrics[M.unhealthy.name]?.values.count).toBe(0);
    expect(summary.golden_path?.loadShape.kind).toBe('open-loop');
    expectJudged(summary.golden_path?.thresholds ?? []);
  } finally {
    await ctx.target.stop();
    rmSync(ctx.dir, { recursive: true, force: true });
  }
});
