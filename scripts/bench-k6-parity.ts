// `npm run bench:k6-parity`: each scenario on k6 (K6_BIN or PATH) and on the Node executor against one reference
// target behind a relay that adds a network's round trip, and per shared metric the k6/Node ratio of its median and
// p95 (goal: 0.90–1.10). Then the timing figures the unit tests leave to benchmarks: 50 VUs against every threshold,
// and a sender stall charged to latency.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandLine, defineCommand } from '../src/cli/command-line.ts';
import type { Config } from '../src/config/index.ts';
import { startLocalRun } from '../src/local-target/local-run.ts';
import { startDelayProxy } from '../src/testing/delay-proxy.ts';
import type { ScenarioName } from '../load/lib/load-shapes.ts';
import { M, metricsOf } from '../load/lib/metrics.ts';
import { planToEnv, usersToEnv, type LoadPlan } from '../load/lib/plan.ts';
import type { LoadSummary } from '../load/lib/summary.ts';
import { describeThreshold } from '../load/lib/summary-text.ts';
import { findK6, k6RunArgs } from '../load/node-executor/k6-runner.ts';
import { loadUsers, planFromConfig, type PlanRequest } from '../load/node-executor/plan-from-config.ts';
import { runNodeScenario } from '../load/node-executor/run.ts';
import { runWithSenderStall, STALL_MS } from '../load/node-executor/sender-stall.ts';
import { buildLoadBundles } from './build-load.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Bounded: 50 VUs (the SLA's count) for 20 s, 20 arrivals/s per endpoint for 20 s; only to 127.0.0.1.
const RUNS: Record<ScenarioName, Omit<PlanRequest, 'scenario'>> = {
  'ws-concurrency': { vus: 50, rampUpS: 5, durationS: 20, askEveryS: 4, pingEveryS: 5, gracefulStopS: 10 },
  'health-latency': { durationS: 20, ratePerS: 20, maxInFlight: 50, gracefulStopS: 5 },
};
const LOW = 0.9;
const HIGH = 1.1;
// One way, so a round trip of 40 ms: a product in a nearby region. On the bare loopback a health answer takes about 1 ms, and
// each generator's own scheduling (k6 starts a JS iteration, Node wakes a 1 ms timer) is half of the figure.
const NETWORK_MS = 20;
// The generator's own delay in starting an arrival: a property of the executor, not of the target, compared in ms.
const CLIENT_SIDE = new Set([M.lag.name]);

function onK6(bin: string, plan: LoadPlan, config: Config, bundle: string, dir: string): LoadSummary {
  const file = join(dir, `k6-${plan.scenario}.json`);
  const users = usersToEnv(loadUsers(config));
  const args = k6RunArgs(bundle, { ...planToEnv(plan), ...users.public, GP_SUMMARY_FILE: file });
  args.splice(1, 0, '--quiet');
  const run = spawnSync(bin, args, {
    env: { ...process.env, ...users.secret },
    encoding: 'utf8',
    timeout: (plan.rampUpS + plan.durationS + plan.gracefulStopS + 60) * 1000,
  });
  if (run.status !== 0)
    console.log(`  k6 exited ${run.status}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LoadSummary;
  } catch {
    throw new Error(
      `k6 wrote no summary (exit ${run.status}): ${run.stderr.split('\n').slice(-5).join(' ')}`,
    );
  }
}

const fmt = (v: number | undefined): string =>
  v === undefined ? 'n/a' : v < 10 ? v.toFixed(2) : v.toFixed(0);

/** One line per shared time trend: Node and k6 median and p95 with n, and their k6/Node ratios. */
function compare(scenario: ScenarioName, node: LoadSummary, k6: LoadSummary): boolean {
  let all = true;
  console.log(`\n${scenario}: metric · Node med / p95 (n) · k6 med / p95 (n) · k6/Node med, p95`);
  for (const def of metricsOf(scenario)) {
    if (def.kind !== 'trend' || def.k6Builtin) continue;
    const a = node.metrics[def.name]?.values;
    const b = k6.metrics[def.name]?.values;
    if (!a?.count || !b?.count) {
      // Both executors measure every shared metric in these runs: one left unmeasured is a failed comparison.
      all = false;
      console.log(`  ${def.name.padEnd(30)} NOT MEASURED (Node n=${a?.count ?? 0}, k6 n=${b?.count ?? 0}) ✗`);
      continue;
    }
    if (CLIENT_SIDE.has(def.name)) {
      // Near zero on both, so a ratio says little: the difference in ms, med and p95.
      const diff = (['med', 'p(95)'] as const).map((k) => (b[k] ?? Number.NaN) - (a[k] ?? Number.NaN));
      console.log(
        `  ${def.name.padEnd(30)} ${fmt(a.med)} / ${fmt(a['p(95)'])} (${a.count}) · ${fmt(b.med)} / ${fmt(b['p(95)'])} (${b.count}) · k6−Node ${diff.map((d) => `${d >= 0 ? '+' : ''}${d.toFixed(2)} ms`).join(', ')} (the generator's own delay, not the target's: no ratio goal)`,
      );
      continue;
    }
    const ratios = (['med', 'p(95)'] as const).map((k) => (b[k] ?? Number.NaN) / (a[k] ?? Number.NaN));
    const ok = ratios.every((r) => r >= LOW && r <= HIGH);
    all &&= ok;
    console.log(
      `  ${def.name.padEnd(30)} ${fmt(a.med)} / ${fmt(a['p(95)'])} (${a.count}) · ${fmt(b.med)} / ${fmt(b['p(95)'])} (${b.count}) · ${ratios.map((r) => r.toFixed(2)).join(', ')} ${ok ? '✓' : '✗'}`,
    );
  }
  return all;
}

/** The unit tests' former timing assertion, as figures: a sender stall lands in lag and latency, not the median. */
async function stall(config: Config, dir: string): Promise<void> {
  const summary = await runWithSenderStall(config, dir);
  const v = (name: string) => summary.metrics[name]?.values ?? {};
  console.log(
    `\nopen loop, 600 ms sender stall (Node): lag max ${fmt(v(M.lag.name).max)} ms (of a ${STALL_MS} ms stall), health max ${fmt(v(M.health.name).max)} ms (the stall included), health med ${fmt(v(M.health.name).med)} ms (< 100 expected: the target answers at once), dropped ${v(M.dropped.name).count ?? 0}`,
  );
}

async function main(): Promise<number> {
  const { values } = commandLine(
    defineCommand({
      name: 'bench:k6-parity',
      usage: 'npm run bench:k6-parity -- [--network-ms <n>]',
      about:
        'Each scenario on k6 (K6_BIN or PATH) and on the Node executor against one reference target: per shared\n' +
        'metric the k6/Node ratio of median and p95 (goal 0.90–1.10). Figures only; loopback only.',
      options: { 'network-ms': { type: 'string' } },
      help: {
        'network-ms': [
          '<n>',
          `one-way delay of the relay in front of the target (${NETWORK_MS}; 0: the bare loopback)`,
        ],
      },
    }),
  );
  const raw = values['network-ms'];
  const networkMs = raw === undefined ? NETWORK_MS : Number(raw);
  if (!Number.isInteger(networkMs) || networkMs < 0) {
    console.error(`golden-path: bench:k6-parity: --network-ms must be a whole number ≥ 0 (got ${raw})`);
    return 2;
  }
  const bin = findK6(process.env.K6_BIN, process.env.PATH);
  const dir = mkdtempSync(join(tmpdir(), 'gp-parity-'));
  const { target, config: direct } = await startLocalRun({
    root: ROOT,
    targetEnv: { REF_PHASE_DELAY_MS: '100-200' },
  });
  const relay = networkMs > 0 ? await startDelayProxy(direct.urls.api, networkMs) : undefined;
  const config: Config = relay
    ? {
        ...direct,
        urls: {
          web: relay.via(direct.urls.web),
          api: relay.via(direct.urls.api),
          auth: relay.via(direct.urls.auth),
          ws: relay.via(direct.urls.ws),
        },
      }
    : direct;
  console.log(
    relay
      ? `target behind a relay holding each chunk ${networkMs} ms each way (a ${2 * networkMs} ms round trip; --network-ms 0: bare loopback)`
      : 'target on the bare loopback',
  );
  let all = true;
  try {
    const bundles = bin ? await buildLoadBundles() : [];
    for (const scenario of Object.keys(RUNS) as ScenarioName[]) {
      const plan = planFromConfig({ scenario, ...RUNS[scenario] }, config);
      const { summary: node } = await runNodeScenario(plan, config, { outDir: dir, allowRemote: false });
      console.log(`\n${scenario} on Node: thresholds (timing, not a unit test's business):`);
      for (const t of node.golden_path?.thresholds ?? [])
        console.log(`  ${t.ok ? '✓' : '✗'} ${describeThreshold(t, node.metrics[t.metric])}`);
      const bundle = bundles.find((b) => b.scenario === scenario);
      if (!bin || !bundle) {
        console.log(`\n${scenario}: k6/Node ratios n/a: no k6 binary (set K6_BIN or put k6 on PATH)`);
        continue;
      }
      all = compare(scenario, node, onK6(bin, plan, config, bundle.file, dir)) && all;
    }
    await stall(direct, dir);
  } finally {
    await relay?.close();
    await target.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    bin ? `\nevery shared ratio within ${LOW}–${HIGH}: ${all ? 'yes' : 'no'}` : '\nparity: n/a (no k6)',
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench:k6-parity: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
