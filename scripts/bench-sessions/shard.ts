// One client process of the session bench (forked by ladder.ts, never run by hand): holds its share of the
// sessions against the target GP_SHARED_TARGET names and reports its figures over IPC.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { M } from '../../load/lib/metrics.ts';
import { planFromConfig } from '../../load/node-executor/plan-from-config.ts';
import { runNodeScenario } from '../../load/node-executor/run.ts';
import { startLocalRun } from '../../src/local-target/local-run.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** What the ladder asks of a shard. */
export interface ShardOrder {
  vus: number;
  rampUpS: number;
  holdS: number;
  pingEveryS: number;
  /** From `go`, when memory is read: in the middle of the hold, every session open and idle. */
  sampleAtMs: number;
}

export type ShardMessage =
  | { kind: 'ready' }
  | { kind: 'holding'; rss: number; heapUsed: number; heapBefore: number }
  | { kind: 'done'; result: ShardResult }
  | { kind: 'failed'; error: string };

export interface ShardResult {
  vus: number;
  held: number;
  peakOpen: number;
  handshakeFails: number;
  handshakeP95: number;
  handshakeN: number;
  pings: number;
  pongs: number;
  answered: number;
  problems: string[];
  /** CPU seconds (user + system) this process used from `go` to its end. */
  cpuS: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
const send = (message: ShardMessage): void => {
  process.send?.(message);
};

async function main(): Promise<void> {
  const order = await new Promise<ShardOrder>((done) =>
    process.once('message', (m) => done(m as ShardOrder)),
  );
  const { config } = await startLocalRun({ root: ROOT });
  const plan = planFromConfig(
    {
      scenario: 'ws-concurrency',
      vus: order.vus,
      rampUpS: order.rampUpS,
      durationS: order.holdS,
      pingEveryS: order.pingEveryS,
      askEveryS: 0,
      login: 'per-user',
      gracefulStopS: 10,
    },
    config,
  );
  const outDir = mkdtempSync(join(tmpdir(), 'gp-bench-shard-'));
  send({ kind: 'ready' });
  await new Promise<void>((go) => process.once('message', () => go()));
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const cpuAtGo = process.cpuUsage();
  const sample = setTimeout(() => {
    gc?.();
    const m = process.memoryUsage();
    send({ kind: 'holding', rss: m.rss, heapUsed: m.heapUsed, heapBefore });
  }, order.sampleAtMs);
  try {
    const { summary } = await runNodeScenario(plan, config, { outDir, allowRemote: false });
    const cpu = process.cpuUsage(cpuAtGo);
    const v = (name: string): Record<string, number> => summary.metrics[name]?.values ?? {};
    send({
      kind: 'done',
      result: {
        vus: order.vus,
        held: v(M.sessionsHeld.name).count ?? 0,
        peakOpen: v(M.concurrent.name).max ?? 0,
        handshakeFails: v(M.handshakeOk.name).fails ?? 0,
        handshakeP95: v(M.handshake.name)['p(95)'] ?? Number.NaN,
        handshakeN: v(M.handshake.name).count ?? 0,
        pings: v(M.pings.name).count ?? 0,
        pongs: v(M.pongs.name).count ?? 0,
        answered: v(M.journeyOk.name).passes ?? 0,
        problems: (summary.golden_path?.errors ?? []).slice(0, 3).map((e) => `${e.count} × ${e.problem}`),
        cpuS: (cpu.user + cpu.system) / 1e6,
      },
    });
  } finally {
    clearTimeout(sample);
    rmSync(outDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.disconnect?.(),
  (error: unknown) => {
    send({ kind: 'failed', error: error instanceof Error ? error.message : String(error) });
    process.exitCode = 1;
    process.disconnect?.();
  },
);
