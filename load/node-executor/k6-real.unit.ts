// The scenarios on a real k6 binary (K6_BIN or `k6` on PATH), bundles as shipped: no token in `--out json`,
// k6's shortcut flags applied as k6 documents them or refused in one line, `--summary-trend-stats` harmless, and an
// unmeasured threshold failing inside k6 itself. Skipped, with the reason, where there is no k6.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startLocalRun } from '../../src/local-target/local-run.ts';
import type { LocalTarget } from '../../src/local-target/launcher.ts';
import type { Config } from '../../src/config/index.ts';
import type { ScenarioName } from '../lib/load-shapes.ts';
import { M } from '../lib/metrics.ts';
import { planToEnv, usersToEnv } from '../lib/plan.ts';
import type { LoadSummary } from '../lib/summary.ts';
import { findK6, k6RunArgs, NO_K6_REASON } from './k6-runner.ts';
import { loadUsers, planFromConfig, type PlanRequest } from './plan-from-config.ts';
import { buildLoadBundles } from '../../scripts/build-load.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const K6 = findK6(process.env.K6_BIN, process.env.PATH);

test.describe.configure({ mode: 'serial' });
test.skip(!K6, NO_K6_REASON);

let dir: string;
let target: LocalTarget | undefined;
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gp-k6-real-'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));
test.afterEach(async () => {
  await target?.stop();
  target = undefined;
});

interface K6Run {
  code: number | null;
  out: string;
  summary: LoadSummary | undefined;
  json: string;
}

/** One `k6 run` of the shipped bundle against a fresh reference target, with extra k6 flags as a user types them. */
async function k6Run(
  scenario: ScenarioName,
  request: Omit<PlanRequest, 'scenario'>,
  flags: string[],
  options: { netra?: boolean; secret?: Record<string, string>; preIssued?: boolean } = {},
): Promise<K6Run & { config: Config; tokens: string[] }> {
  const local = await startLocalRun({
    root: ROOT,
    overrides: {
      SLA_LOAD_CONCURRENT_CONNECTIONS: '2',
      ...(options.netra ? { TARGET_PROFILE: 'netra-apex' } : {}),
    },
    targetEnv: { REF_PHASE_DELAY_MS: '100-200', ...(options.netra ? { REF_DIALECT: 'netra-apex' } : {}) },
  });
  target = local.target;
  const plan = planFromConfig({ scenario, ...request }, local.config);
  const tokens = options.preIssued ? await loginTokens(local.config) : [];
  const users = usersToEnv(
    options.preIssued
      ? tokens.map((token, i) => ({ label: `user${i + 1}`, token }))
      : loadUsers(local.config),
  );
  const summaryFile = join(dir, `${scenario}-${Date.now()}.json`);
  const jsonOut = join(dir, `out-${Date.now()}.json`);
  const bundle = (await buildLoadBundles()).find((b) => b.scenario === scenario)?.file ?? '';
  const args = k6RunArgs(bundle, { ...planToEnv(plan), ...users.public, GP_SUMMARY_FILE: summaryFile });
  args.splice(1, 0, '--quiet', '--out', `json=${jsonOut}`, ...flags);
  const run = spawnSync(K6 ?? 'k6', args, {
    env: { ...process.env, ...users.secret, ...options.secret },
    encoding: 'utf8',
    timeout: 90_000,
  });
  const read = (file: string): string => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  };
  const text = read(summaryFile);
  return {
    code: run.status,
    out: `${run.stdout}${run.stderr}`,
    summary: text ? (JSON.parse(text) as LoadSummary) : undefined,
    json: read(jsonOut),
    config: local.config,
    tokens,
  };
}

test('netra on k6 with --out json: the token appears nowhere (tags, metrics, logs, summary)', async () => {
  test.setTimeout(120_000);
  // Pre-issued tokens (the profile's static strategy): the exact strings k6 puts in the URL query, the header and
  // the subprotocol the target echoes, so a grep for them is a real test.
  const run = await k6Run(
    'ws-concurrency',
    { vus: 2, rampUpS: 1, durationS: 3, askEveryS: 0, gracefulStopS: 5 },
    [],
    { netra: true, preIssued: true },
  );
  const tokens = run.tokens;
  expect(tokens.length).toBe(2);
  // The sessions were opened with those tokens.
  expect(run.summary?.metrics[M.handshakeOk.name]?.values.passes, run.out).toBe(2);
  expect(run.json).toContain('"ws_sessions_opened"');
  for (const token of tokens)
    for (const form of [token, Buffer.from(token).toString('base64url')]) {
      expect(run.json.split(form).length - 1, 'hits in --out json').toBe(0);
      expect(run.out.split(form).length - 1, 'hits in k6 output').toBe(0);
      expect(JSON.stringify(run.summary).split(form).length - 1, 'hits in the summary').toBe(0);
    }
});

/** Tokens of the test users as the netra login hands them out (the same signing key, so the same shape). */
async function loginTokens(config: Config): Promise<string[]> {
  const strategy = config.profile.auth.strategies.find((s) => s.kind === 'login');
  if (strategy?.kind !== 'login') return [];
  const out: string[] = [];
  for (const u of loadUsers(config)) {
    const body = JSON.stringify(
      JSON.parse(
        JSON.stringify(strategy.body)
          .replace('{{email}}', u.email ?? '')
          .replace('{{password}}', u.password ?? ''),
      ),
    );
    const res = await fetch(config.urls.auth + strategy.path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const json = (await res.json()) as Record<string, unknown>;
    const token = (strategy.tokenPath ?? []).reduce<unknown>(
      (v, k) => (v as Record<string, unknown>)?.[k],
      json,
    );
    if (typeof token === 'string') out.push(token);
  }
  return out;
}

test('--vus N --duration D run as k6 documents (constant VUs), and the summary says what ran', async () => {
  test.setTimeout(120_000);
  const run = await k6Run('ws-concurrency', { vus: 50, durationS: 60, askEveryS: 0 }, [
    '--vus',
    '2',
    '--duration',
    '4s',
  ]);
  expect(run.out).toContain('overrode scenarios');
  const meta = run.summary?.golden_path;
  expect(meta?.loadShape, run.out).toMatchObject({ vus: 2, rampUpS: 0, durationS: 4 });
  expect(meta?.ranAs).toBe('k6 --vus 2 --duration 4s');
  expect(run.summary?.metrics[M.sessionsOpened.name]?.values.count).toBe(2);
  expect(run.summary?.state.testRunDurationMs).toBeLessThan(30_000);
});

test('health-latency refuses k6 shortcut flags in one line (an open loop has no VUs to set)', async () => {
  test.setTimeout(120_000);
  const run = await k6Run('health-latency', { durationS: 3 }, ['--vus', '5', '--duration', '3s']);
  expect(run.code, run.out).toBe(108);
  expect(run.out).toMatch(/health-latency: k6 runs default in place of its arrival-rate scenarios/);
  expect(run.summary?.golden_path?.aborted).toMatch(/in place of its arrival-rate scenarios/);
});

test('--summary-trend-stats without p(95) or count: thresholds still judged by k6, with their n', async () => {
  test.setTimeout(120_000);
  const run = await k6Run('health-latency', { durationS: 2, ratePerS: 5 }, [
    '--summary-trend-stats',
    'avg,max',
  ]);
  const health = run.summary?.golden_path?.thresholds.find((t) => t.metric === M.health.name);
  expect(health, run.out).toMatchObject({ unmeasured: false, ok: true });
  expect(health?.n).toBeGreaterThan(0);
  expect(run.code).toBe(0);
});

test('nothing measured fails inside k6 itself (a bare k6 run cannot pass): exit 99', async () => {
  test.setTimeout(120_000);
  // Every login refused: no handshake, no journey is measured.
  const run = await k6Run('ws-concurrency', { vus: 2, rampUpS: 0, durationS: 3, gracefulStopS: 2 }, [], {
    secret: { GP_USER1_PASSWORD: 'not-the-password', GP_USER2_PASSWORD: 'not-the-password' },
  });
  expect(run.code, run.out).toBe(99);
  const handshake = run.summary?.golden_path?.thresholds.find((t) => t.metric === M.handshake.name);
  expect(handshake).toMatchObject({ ok: false, unmeasured: true, n: 0 });
  expect(run.summary?.golden_path?.errors[0]?.problem).toMatch(/^auth: /);
});
