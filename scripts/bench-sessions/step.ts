// One step of the session ladder: N reference targets (127.0.0.1, 127.0.0.2, …), one client process per target
// holding its share of the sessions, and the kernel's figures for all of them read in the middle of the hold.
import { type ChildProcess, fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEnvironment } from '../../src/config/runner-env.ts';
import { startLocalRun, type LocalRun } from '../../src/local-target/local-run.ts';
import { cpuSecondsOf, openFdsOf, rssOf } from './proc-figures.ts';
import type { ShardMessage, ShardOrder, ShardResult } from './shard.ts';

const SHARD = join(dirname(fileURLToPath(import.meta.url)), 'shard.ts');
// A shard loads tsx, the config and logs in before `ready`; past this it is reported, not waited on.
const READY_WITHIN_MS = 60_000;
// Past the run's own bound (ramp-up + hold + graceful stop + connect + close margin) a shard is killed.
const DONE_MARGIN_MS = 60_000;

export interface StepSettings {
  root: string;
  processes: number;
  connectsPerS: number;
  holdS: number;
  pingEveryS: number;
  /** REF_* settings of every target (short agent phases). */
  targetEnv: Record<string, string>;
}

/** Per process kind, summed over the processes: at the hold's middle (RSS, fds) and over the step (CPU). */
export interface ProcessFigures {
  rss: number;
  fds: number;
  /** Cores used on average from `go` to the last shard's end. */
  cores: number;
}

export interface StepResult {
  vus: number;
  shards: ShardResult[];
  client: ProcessFigures & { heapUsed: number; heapGrowth: number };
  target: ProcessFigures;
  /** The host each target listened on, with the sessions each held. */
  pairs: { host: string; sessions: number }[];
  /** The machine's load average (1, 5, 15 min) at the hold: other work on it shares the cores. */
  loadAverage: string;
  wallS: number;
}

/** `vus` split as evenly as whole numbers allow. */
export function shares(vus: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(vus / parts) + (i < vus % parts ? 1 : 0));
}

export async function runStep(vus: number, s: StepSettings): Promise<StepResult> {
  const rampUpS = Math.max(2, Math.ceil(vus / s.connectsPerS));
  const split = shares(vus, s.processes);
  const runs: LocalRun[] = [];
  const children: ChildProcess[] = [];
  try {
    for (let i = 0; i < s.processes; i++)
      runs.push(
        await startLocalRun({
          root: s.root,
          targetEnv: { ...s.targetEnv, REF_HOST: `127.0.0.${i + 1}` },
        }),
      );
    const shards = runs.map((run, i) => {
      const child = fork(SHARD, [], {
        execArgv: ['--expose-gc', '--import', 'tsx'],
        env: childEnvironment({ GP_SHARED_TARGET: JSON.stringify(run.target.handOff(run.jwtSecret)) }),
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.push(child);
      const order: ShardOrder = {
        vus: split[i] ?? 0,
        rampUpS,
        holdS: s.holdS,
        pingEveryS: s.pingEveryS,
        sampleAtMs: (rampUpS + s.holdS / 2) * 1000,
      };
      child.send(order);
      return new ShardLink(child, `client process ${i + 1}`);
    });
    await Promise.all(shards.map((sh) => sh.next('ready', READY_WITHIN_MS)));
    const pids = { client: children.map((c) => c.pid ?? -1), target: runs.map((r) => r.target.pid) };
    const cpuAt = (list: number[]): number => list.reduce((sum, pid) => sum + cpuSecondsOf(pid), 0);
    const targetCpuAtGo = cpuAt(pids.target);
    const t0 = Date.now();
    for (const child of children) child.send('go');
    const boundMs = (rampUpS + s.holdS + 10) * 1000 + DONE_MARGIN_MS;
    const holding = await Promise.all(shards.map((sh) => sh.next('holding', boundMs)));
    // Read while every session is open: the targets as they are, the clients right after their collection.
    const sum = (list: number[], f: (pid: number) => number): number =>
      list.reduce((total, pid) => total + f(pid), 0);
    const atHold = {
      clientRss: holding.reduce((t, h) => t + h.rss, 0),
      heapUsed: holding.reduce((t, h) => t + h.heapUsed, 0),
      heapGrowth: holding.reduce((t, h) => t + h.heapUsed - h.heapBefore, 0),
      clientFds: sum(pids.client, openFdsOf),
      targetRss: sum(pids.target, rssOf),
      targetFds: sum(pids.target, openFdsOf),
      loadAverage: loadavg()
        .map((l) => l.toFixed(2))
        .join(' / '),
    };
    const done = await Promise.all(shards.map((sh) => sh.next('done', boundMs)));
    const wallS = (Date.now() - t0) / 1000;
    const clientCpuS = done.reduce((t, d) => t + d.result.cpuS, 0);
    return {
      vus,
      shards: done.map((d) => d.result),
      client: {
        rss: atHold.clientRss,
        fds: atHold.clientFds,
        cores: clientCpuS / wallS,
        heapUsed: atHold.heapUsed,
        heapGrowth: atHold.heapGrowth,
      },
      target: {
        rss: atHold.targetRss,
        fds: atHold.targetFds,
        cores: (cpuAt(pids.target) - targetCpuAtGo) / wallS,
      },
      pairs: runs.map((r, i) => ({ host: new URL(r.target.url).host, sessions: split[i] ?? 0 })),
      loadAverage: atHold.loadAverage,
      wallS,
    };
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill();
    await Promise.all(runs.map((r) => r.target.stop()));
  }
}

type Of<K extends ShardMessage['kind']> = Extract<ShardMessage, { kind: K }>;

/** A shard's messages in order, each awaited with a deadline that names what was awaited. */
class ShardLink {
  readonly #queue: ShardMessage[] = [];
  #wake: (() => void) | undefined;
  #exit: string | undefined;

  constructor(
    child: ChildProcess,
    readonly name: string,
  ) {
    child.on('message', (m) => {
      this.#queue.push(m as ShardMessage);
      this.#wake?.();
    });
    child.on('exit', (code, signal) => {
      this.#exit = `exited (${signal ?? `code ${code}`})`;
      this.#wake?.();
    });
  }

  async next<K extends ShardMessage['kind']>(kind: K, withinMs: number): Promise<Of<K>> {
    const deadline = Date.now() + withinMs;
    for (;;) {
      const m = this.#queue.shift();
      if (m?.kind === 'failed') throw new Error(`${this.name} failed: ${m.error}`);
      if (m?.kind === kind) return m as Of<K>;
      if (m) continue;
      if (this.#exit !== undefined) throw new Error(`${this.name} ${this.#exit} before '${kind}'`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.name} sent no '${kind}' within ${withinMs} ms`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, left);
        this.#wake = () => {
          clearTimeout(timer);
          wake();
        };
      });
      this.#wake = undefined;
    }
  }
}
