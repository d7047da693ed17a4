// Figures, not assertions: start-up time (spawn → listening line, median of 5) and how many authenticated
// WebSocket connections one target holds with client heartbeats, with its memory. Run: npx tsx reference-target/bench.ts
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { WebSocket } from 'ws';
import { flagsOrExit } from './command-line.ts';

flagsOrExit(
  'reference-target bench',
  `usage: npx tsx reference-target/bench.ts

Prints figures, asserts nothing: the target's start-up time (spawn → listening line, median of 5) and how many
authenticated WebSocket connections one target holds with client heartbeats, with its memory. No flags.

options:
  -h, --help  show this help and exit
`,
);

const ROOT = join(import.meta.dirname, '..');
const MAIN = join(ROOT, 'reference-target', 'main.ts');
const STARTS = 5;
const LEVELS = [1000, 2000];
const BATCH = 100;
/** Each held connection pings this often (client heartbeats) during the hold window. */
const PING_EVERY_MS = 2000;
const HOLD_MS = 6000;

interface Listening {
  url: string;
  pid: number;
}

function launch(command: 'node --import tsx' | 'tsx'): {
  child: ChildProcess;
  listening: Promise<Listening>;
} {
  const env = { ...process.env, REF_PORT: '0', REF_LOG: 'silent' };
  const child =
    command === 'tsx'
      ? spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [MAIN], {
          cwd: ROOT,
          env,
          stdio: ['ignore', 'pipe', 'inherit'],
        })
      : spawn(process.execPath, ['--import', 'tsx', MAIN], {
          cwd: ROOT,
          env,
          stdio: ['ignore', 'pipe', 'inherit'],
        });
  const lines = createInterface({ input: child.stdout });
  const listening = once(lines, 'line').then(([line]) => JSON.parse(line as string) as Listening);
  return { child, listening };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const pct = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;

async function startupTimes(command: 'node --import tsx' | 'tsx'): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const started = performance.now();
    const { child, listening } = launch(command);
    await listening;
    times.push(performance.now() - started);
    await stop(child);
  }
  return times;
}

/** Resident memory of a process in MiB (Linux /proc). */
function rssMiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

interface Held {
  ws: WebSocket;
  pongs: number;
}

function openOne(url: string, token: string): Promise<{ held?: Held; ms: number; failure?: string }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const ws = new WebSocket(url, ['jwt-auth', `jwt.${Buffer.from(token).toString('base64url')}`]);
    const held: Held = { ws, pongs: 0 };
    const timer = setTimeout(() => {
      ws.terminate();
      resolve({ ms: performance.now() - started, failure: 'timeout' });
    }, 15_000);
    ws.on('message', (data) => {
      const type = (JSON.parse((data as Buffer).toString('utf8')) as { type?: string }).type;
      if (type === 'connection_established') {
        clearTimeout(timer);
        resolve({ held, ms: performance.now() - started });
      } else if (type === 'pong') held.pongs += 1;
    });
    ws.on('error', (err) => {
      clearTimeout(timer);
      resolve({ ms: performance.now() - started, failure: err.message });
    });
  });
}

async function holdConnections(): Promise<void> {
  const { child, listening } = launch('node --import tsx');
  const { url, pid } = await listening;
  try {
    const login = await request(`${url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'alice@golden-path.test', password: 'alice-local-pass' }),
    });
    const token = ((await login.body.json()) as { access_token: string }).access_token;
    const wsUrl = `${url.replace(/^http/, 'ws')}/ws`;
    console.log(`\nconnections (server pid ${pid}, idle RSS ${rssMiB(pid).toFixed(1)} MiB)`);
    const held: Held[] = [];
    for (const level of LEVELS) {
      const handshakes: number[] = [];
      const failures = new Map<string, number>();
      const started = performance.now();
      while (held.length < level) {
        const n = Math.min(BATCH, level - held.length);
        const results = await Promise.all(Array.from({ length: n }, () => openOne(wsUrl, token)));
        for (const r of results) {
          handshakes.push(r.ms);
          if (r.held) held.push(r.held);
          else failures.set(r.failure ?? '?', (failures.get(r.failure ?? '?') ?? 0) + 1);
        }
        if (failures.size > 0 && results.every((r) => !r.held)) break;
      }
      const openMs = performance.now() - started;
      // Hold with client heartbeats: every connection pings on its own schedule.
      for (const h of held) h.pongs = 0;
      const timers = held.map((h, i) =>
        setTimeout(
          () => {
            const every = setInterval(
              () => h.ws.readyState === WebSocket.OPEN && h.ws.send('{"type":"ping"}'),
              PING_EVERY_MS,
            );
            timers.push(every);
          },
          (i * PING_EVERY_MS) / held.length,
        ),
      );
      await sleep(HOLD_MS);
      timers.forEach((t) => clearTimeout(t));
      timers.forEach((t) => clearInterval(t));
      const open = held.filter((h) => h.ws.readyState === WebSocket.OPEN).length;
      const pongs = held.reduce((sum, h) => sum + h.pongs, 0);
      const health = (await (await request(`${url}/ws/health`)).body.json()) as {
        active_connections: number;
      };
      console.log(
        `  ${String(level).padStart(5)} requested: ${open} open after ${HOLD_MS / 1000}s hold ` +
          `(server counts ${health.active_connections}), failures ${failures.size ? JSON.stringify(Object.fromEntries(failures)) : 'none'}`,
      );
      console.log(
        `        opened in ${(openMs / 1000).toFixed(2)} s (batches of ${BATCH}), handshake→ready p50 ${median(handshakes).toFixed(1)} ms, ` +
          `p95 ${pct(handshakes, 0.95).toFixed(1)} ms; ${pongs} pongs to client pings in the hold; server RSS ${rssMiB(pid).toFixed(1)} MiB`,
      );
    }
    for (const h of held) h.ws.terminate();
  } finally {
    await stop(child);
  }
}

async function main(): Promise<void> {
  console.log(
    `reference-target bench (node ${process.version})\n\nstart-up: spawn → JSON listening line, ${STARTS} starts each`,
  );
  for (const command of ['node --import tsx', 'tsx'] as const) {
    const times = await startupTimes(command);
    console.log(
      `  ${command.padEnd(18)} median ${median(times).toFixed(0)} ms  (all: ${times.map((t) => t.toFixed(0)).join(', ')} ms)`,
    );
  }
  await holdConnections();
}

main().catch((err: unknown) => {
  console.error(`bench failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
