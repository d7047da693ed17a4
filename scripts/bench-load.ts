// `npm run bench:load`: health-latency percentiles beside autocannon's, then how many authenticated WebSocket
// sessions the Node executor holds on this machine with heartbeats (stepping up, bounded) and the memory each adds.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandLine, defineCommand } from '../src/cli/command-line.ts';
import type { Config } from '../src/config/index.ts';
import { M } from '../load/lib/metrics.ts';
import type { LoadSummary } from '../load/lib/summary.ts';
import { startLocalRun } from '../src/local-target/local-run.ts';
import { planFromConfig } from '../load/node-executor/plan-from-config.ts';
import { runNodeScenario } from '../load/node-executor/run.ts';
import { runLadder } from './bench-sessions/ladder.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Bounds of the ladder: it stops at the first step that does not hold every session, or at the last step. The top
// step passes the descriptor limit of one process (20 000 here); --max-vus 30000 passes one address pair's ports.
const STEPS = [1000, 10_000, 25_000];
const CONNECTS_PER_S = 500;
const HOLD_S = 20;
const PING_EVERY_S = 5;
const HEALTH_RATES = [10, 500];
const HEALTH_WINDOW_S = 10;
// Short agent phases: the benchmark measures the executor holding sessions, not the demo agent's think time.
const TARGET_ENV = { REF_PHASE_DELAY_MS: '20-60', REF_STREAM_CHUNKS: '2' };

interface AutocannonResult {
  latency: { p50: number; p90: number; p99: number; max: number; mean: number; totalCount: number };
  requests: { total: number };
  non2xx: number;
  errors: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;

const gc = (globalThis as { gc?: () => void }).gc;
const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

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
      usage: 'npm run bench:load -- [--sessions-only] [--steps <n,n,…> | --max-vus <n>] [flags]',
      about:
        'Health-latency percentiles beside autocannon’s, then how many authenticated WebSocket sessions the Node\n' +
        'executor holds on this machine (stepping up, bounded) and the memory each adds. Figures only.',
      options: {
        'max-vus': { type: 'string' },
        processes: { type: 'string' },
        'connects-per-s': { type: 'string' },
        'ping-every': { type: 'string' },
        steps: { type: 'string' },
        'sessions-only': { type: 'boolean' },
      },
      help: {
        'max-vus': ['<n>', `the top step: the ladder's steps below it, then it (ladder ${STEPS.join(', ')})`],
        processes: ['<n>', 'client and target processes (default: as many as the descriptor limit demands)'],
        'connects-per-s': ['<n>', `sessions opened per second over all processes (${CONNECTS_PER_S})`],
        'ping-every': ['<s>', `seconds between a session's heartbeats (${PING_EVERY_S})`],
        steps: ['<n,n,…>', 'the ladder itself, instead of the default and --max-vus'],
        'sessions-only': 'skip the health-latency comparison',
      },
    }),
  );
  const maxVus = wholeFlag('max-vus', values['max-vus']) ?? Infinity;
  const processes = wholeFlag('processes', values.processes);
  const ladder = {
    root: ROOT,
    // --max-vus tops the ladder: the steps below it, then it.
    steps: values.steps
      ? values.steps.split(',').map((n) => wholeFlag('steps', n) ?? 0)
      : [...STEPS.filter((s) => s < maxVus), ...(maxVus === Infinity ? [] : [maxVus])],
    connectsPerS: wholeFlag('connects-per-s', values['connects-per-s']) ?? CONNECTS_PER_S,
    holdS: HOLD_S,
    pingEveryS: wholeFlag('ping-every', values['ping-every']) ?? PING_EVERY_S,
    targetEnv: TARGET_ENV,
    ...(processes !== undefined ? { processes } : {}),
  };
  if (!gc)
    console.error('bench: run through `npm run bench:load` (node --expose-gc) for clean memory figures');
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${mib(totalmem())} RAM, Node ${process.version}`,
  );
  if (!values['sessions-only']) await healthTable();
  await runLadder(ladder);
}

function wholeFlag(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (Number.isInteger(n) && n > 0) return n;
  console.error(`golden-path: bench:load: --${name} must be a whole number above 0 (got ${raw})`);
  process.exit(2);
}

async function healthTable(): Promise<void> {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const outDir = mkdtempSync(join(tmpdir(), 'gp-bench-'));
  const { target, config } = await startLocalRun({ root: ROOT, targetEnv: TARGET_ENV });
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
