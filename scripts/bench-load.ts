// `npm run bench:load`: how many authenticated WebSocket sessions the Node executor holds on this machine with
// heartbeats (stepping up, bounded), memory per session, and health-latency percentiles beside autocannon's.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { commandLine, defineCommand } from '../src/cli/command-line.ts';
import type { Config } from '../src/config/index.ts';
import { M } from '../load/lib/metrics.ts';
import type { LoadSummary } from '../load/lib/summary.ts';
import { startLocalRun } from '../src/local-target/local-run.ts';
import { planFromConfig } from '../load/node-executor/plan-from-config.ts';
import { runNodeScenario } from '../load/node-executor/run.ts';
import { formatDuration } from '../src/format/duration.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Bounds of the ladder: it stops at the first step that does not hold every session, or at the last step.
const STEPS = [1000, 2500, 5000, 7500, 10_000];
const CONNECTS_PER_S = 500;
const HOLD_S = 20;
const PING_EVERY_S = 5;
const HEALTH_RATES = [10, 500];
const HEALTH_WINDOW_S = 10;

interface AutocannonResult {
  latency: { p50: number; p90: number; p99: number; max: number; mean: number; totalCount: number };
  requests: { total: number };
  non2xx: number;
  errors: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;

const gc = (globalThis as { gc?: () => void }).gc;
const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

async function concurrencyStep(config: Config, vus: number, outDir: string) {
  const rampUpS = Math.max(2, Math.ceil(vus / CONNECTS_PER_S));
  const plan = planFromConfig(
    {
      scenario: 'ws-concurrency',
      vus,
      rampUpS,
      durationS: HOLD_S,
      pingEveryS: PING_EVERY_S,
      askEveryS: 0,
      login: 'per-user',
      gracefulStopS: 10,
    },
    config,
  );
  gc?.();
  const before = process.memoryUsage();
  let peak = { rss: 0, heapUsed: 0 };
  // Memory is read in the middle of the hold, after a collection, when every session is open and idle.
  const sampleAt = setTimeout(
    () => {
      gc?.();
      const m = process.memoryUsage();
      peak = { rss: m.rss, heapUsed: m.heapUsed };
    },
    (rampUpS + HOLD_S / 2) * 1000,
  );
  const t0 = performance.now();
  const { summary } = await runNodeScenario(plan, config, {
    outDir,
    allowRemote: false,
    progress: process.stderr,
  });
  clearTimeout(sampleAt);
  const v = (name: string): Record<string, number> => summary.metrics[name]?.values ?? {};
  const held = v(M.sessionsHeld.name).count ?? 0;
  const handshakes = v(M.handshakeOk.name);
  return {
    vus,
    seconds: (performance.now() - t0) / 1000,
    held,
    peakOpen: v('ws_sessions_concurrent').max ?? 0,
    handshakeFails: handshakes.fails ?? 0,
    handshakeP95: v(M.handshake.name)['p(95)'] ?? Number.NaN,
    handshakeN: v(M.handshake.name).count ?? 0,
    pings: v(M.pings.name).count ?? 0,
    pongs: v(M.pongs.name).count ?? 0,
    answered: v(M.journeyOk.name).passes ?? 0,
    // Heap after a collection is what the sessions keep; RSS only grows across steps, so it is shown whole.
    heapPerSession: (peak.heapUsed - before.heapUsed) / vus,
    heapAtHold: peak.heapUsed,
    rssAtHold: peak.rss,
    // Held: every session open to the end, no failed handshake, heartbeats answered.
    ok:
      held === vus &&
      (handshakes.fails ?? 0) === 0 &&
      (v(M.pongs.name).count ?? 0) >= 0.99 * (v(M.pings.name).count ?? 0),
    summary,
  };
}

async function healthComparison(config: Config, rate: number, outDir: string, autocannon: Autocannon) {
  const plan = planFromConfig(
    {
      scenario: 'health-latency',
      durationS: HEALTH_WINDOW_S,
      ratePerS: rate,
      maxInFlight: 50,
      gracefulStopS: 5,
    },
    config,
  );
  // Warm-up (discarded): JIT, connection pools and the target's first requests do not land in either figure.
  await runNodeScenario({ ...plan, durationS: 2 }, config, { outDir, allowRemote: false });
  const node: LoadSummary = (await runNodeScenario(plan, config, { outDir, allowRemote: false })).summary;
  const api = config.profile.health.api;
  // The same load on the target: both endpoints at `rate`, measured on the live one. autocannon twice: as it
  // measures by default (adding synthetic samples to correct coordinated omission) and raw.
  const run = (path: string, raw: boolean): Promise<AutocannonResult> =>
    autocannon({
      url: config.urls.api + path,
      connections: 10,
      overallRate: rate,
      duration: HEALTH_WINDOW_S,
      ignoreCoordinatedOmission: raw,
    });
  const [corrected] = await Promise.all([run(api.live.path, false), run(api.ready.path, false)]);
  const [raw] = await Promise.all([run(api.live.path, true), run(api.ready.path, true)]);
  return {
    rate,
    node: node.metrics[M.health.name]?.values ?? {},
    dropped: node.metrics[M.dropped.name]?.values.count ?? 0,
    corrected,
    raw,
  };
}

async function main(): Promise<void> {
  const { values } = commandLine(
    defineCommand({
      name: 'bench:load',
      usage: 'npm run bench:load -- [--max-vus <n>]',
      about:
        'How many authenticated WebSocket sessions the Node executor holds on this machine (stepping up, bounded),\n' +
        'memory per session, and health-latency percentiles beside autocannon’s. Figures only.',
      options: { 'max-vus': { type: 'string' } },
      help: { 'max-vus': ['<n>', `the highest step of the ladder (${STEPS.join(', ')})`] },
    }),
  );
  const maxVus = values['max-vus'] ? Number(values['max-vus']) : Infinity;
  if (!gc)
    console.error('bench: run through `npm run bench:load` (node --expose-gc) for clean memory figures');
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const outDir = mkdtempSync(join(tmpdir(), 'gp-bench-'));
  // Short agent phases: the benchmark measures the executor holding sessions, not the demo agent's think time.
  const { target, config } = await startLocalRun({
    root: ROOT,
    targetEnv: { REF_PHASE_DELAY_MS: '20-60', REF_STREAM_CHUNKS: '2' },
  });
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${mib(totalmem())} RAM, Node ${process.version}; target ${target.url}`,
  );
  try {
    console.log(
      `\n== health-latency, ${HEALTH_WINDOW_S} s per rate, ${config.urls.api}${config.profile.health.api.live.path} ==`,
    );
    console.log('rate   engine            n      p50      p90      p99      max     note');
    for (const rate of HEALTH_RATES) {
      const r = await healthComparison(config, rate, outDir, autocannon);
      const ms = (x: number | undefined): string => `${(x ?? Number.NaN).toFixed(2)}`.padEnd(9);
      console.log(
        `${String(rate).padEnd(7)}${'node executor'.padEnd(18)}${String(r.node.count ?? 0).padEnd(7)}${ms(r.node.med)}${ms(r.node['p(90)'])}${ms(r.node['p(99)'])}${ms(r.node.max)}from intended send; dropped ${r.dropped}`,
      );
      for (const [name, result] of [
        ['autocannon', r.corrected],
        ['autocannon raw', r.raw],
      ] as const) {
        const a = result.latency;
        const note = `${result.requests.total} requests, 10 connections, whole ms; ${name === 'autocannon' ? 'coordinated-omission corrected' : 'ignoreCoordinatedOmission'}; non-2xx ${result.non2xx}, errors ${result.errors}`;
        console.log(
          `${String(rate).padEnd(7)}${name.padEnd(18)}${String(a.totalCount).padEnd(7)}${ms(a.p50)}${ms(a.p90)}${ms(a.p99)}${ms(a.max)}${note}`,
        );
      }
    }
    console.log(
      `\n== concurrent authenticated sessions (login per user, ${CONNECTS_PER_S} connects/s, held ${HOLD_S} s, heartbeat every ${PING_EVERY_S} s) ==`,
    );
    console.log(
      'VUs     held    peak open  handshake fails  handshake p95 (n)   pings/pongs       heap/session  heap, rss at hold',
    );
    let best: Awaited<ReturnType<typeof concurrencyStep>> | undefined;
    for (const vus of STEPS.filter((s) => s <= maxVus)) {
      const r = await concurrencyStep(config, vus, outDir);
      console.log(
        `${String(vus).padEnd(8)}${String(r.held).padEnd(8)}${String(r.peakOpen).padEnd(11)}${String(r.handshakeFails).padEnd(17)}` +
          `${`${formatDuration(r.handshakeP95, { unit: 'ms' })} (n=${r.handshakeN})`.padEnd(20)}${`${r.pings}/${r.pongs}`.padEnd(18)}` +
          `${`${(r.heapPerSession / 1024).toFixed(1)} KiB`.padEnd(14)}${mib(r.heapAtHold)}, ${mib(r.rssAtHold)}`,
      );
      if (!r.ok) {
        const problems = r.summary.golden_path?.errors
          .slice(0, 3)
          .map((e) => `${e.count} × ${e.problem}`)
          .join('; ');
        console.log(`  step ${vus} did not hold every session: ${problems ?? 'no problem recorded'}`);
        break;
      }
      best = r;
    }
    console.log(
      best
        ? `most sessions held: ${best.vus} (every one authenticated, answered once, heartbeats answered)`
        : 'no step held every session',
    );
  } finally {
    await target.stop();
    rmSync(outDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
