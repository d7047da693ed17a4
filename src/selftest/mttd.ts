// Time to detect, measured (issue 20, item 8): the monitor at a short cadence against the local reference target
// with a webhook receiver; a fault switched on through the target's admin route right after a green run, the time
// until the failing alert arrives; the fault switched off, the time until the recovery notice. The goal for each:
// at most the cadence plus one run's duration (the slowest run seen). `npm run selftest` runs it as a case;
// `npm run selftest:mttd` alone.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { request } from 'undici';
import { childEnvironment } from '../config/runner-env.ts';
import { formatDuration } from '../format/duration.ts';
import { parseEvery } from '../monitor/cadence.ts';

export interface MttdOptions {
  /** The harness's root (scripts/monitor.ts runs from there). */
  root: string;
  /** The monitor's cadence (`5s`). */
  every: string;
  /** The failure mode switched on (GP_FAULTS syntax). */
  fault: string;
  /** The monitor's selection: a fast, browserless run. */
  grep: string;
  /** The monitor's --out folder (absolute, or relative to root). */
  outDir: string;
  /** Each line the monitor prints, and the measurement's own. */
  log?: (line: string) => void;
}

export interface MttdFigures {
  detectMs: number;
  recoverMs: number;
  /** cadence + the slowest run seen. */
  goalMs: number;
  everyMs: number;
  slowestRunMs: number;
  runs: number;
  alerts: number;
  wallMs: number;
  within: boolean;
}

/** No alert, no recovery notice or no green run came in time: the monitor did not detect (the case is red). */
export class MttdError extends Error {
  readonly code = 'MTTD_NOT_DETECTED';
}

export const MTTD_DEFAULTS = {
  every: '5s',
  fault: 'auth-down',
  grep: 'Golden Path journey over the protocol',
} as const;

interface Alert {
  kind: string;
  at: number;
}

export async function measureMttd(o: MttdOptions): Promise<MttdFigures> {
  const log = o.log ?? (() => undefined);
  const everyMs = parseEvery('--every', o.every, 5_000);
  const alerts: Alert[] = [];
  const runMs: number[] = [];
  const waiters = new Set<() => void>();
  const wake = (): void => waiters.forEach((w) => w());
  const until = <T>(what: string, ms: number, probe: () => T | undefined): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const v = probe();
        if (v === undefined) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(v);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new MttdError(`no ${what} within ${formatDuration(ms)}`));
      }, ms);
      waiters.add(check);
      check();
    });

  const dir = mkdtempSync(join(tmpdir(), 'gp-mttd-'));
  const hook = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const body = JSON.parse(text) as { kind: string };
      alerts.push({ kind: body.kind, at: Date.now() });
      res.writeHead(200).end();
      wake();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  // The monitor takes --out relative to the root.
  const outDir = relative(o.root, resolve(o.root, o.outDir));
  const targetFile = join(o.root, outDir, 'local-target.json');
  rmSync(targetFile, { force: true });
  const args = ['--import', 'tsx', 'scripts/monitor.ts', '--env', 'local', '--every', o.every];
  args.push('--jitter', '0s', '--grep', o.grep, '--history', join(dir, 'history.db'), '--out', outDir);
  args.push('--alert-webhook', hookUrl, '--alert-format', 'json', '--deadline', '60s');
  const monitor: ChildProcess = spawn(process.execPath, args, {
    cwd: o.root,
    env: childEnvironment({}),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let runs = 0;
  let lastState = '';
  const lines = (stream: NodeJS.ReadableStream | null): void => {
    if (stream)
      createInterface({ input: stream }).on('line', (line) => {
        log(line);
        const m = / local (\w+)(?: \(was \w+\))? in ([\d.]+) s:/.exec(line);
        if (m) {
          runs++;
          lastState = m[1] ?? '';
          runMs.push(Number(m[2]) * 1000);
        }
        wake();
      });
  };
  lines(monitor.stdout);
  lines(monitor.stderr);
  const exited = new Promise((resolve) => monitor.once('exit', resolve));
  const started = Date.now();
  try {
    // Right after a green run: the next run is the first that can see the fault (the in-phase case; a fault that
    // lands mid-run, after that run's login, waits for the run after it).
    await until('first green run', 90_000, () =>
      runs > 0 && (lastState === 'passed' || lastState === 'degraded') ? runs : undefined,
    );
    const target = JSON.parse(readFileSync(targetFile, 'utf8')) as { url: string; adminToken: string };
    const admin = async (spec: string): Promise<void> => {
      const res = await request(`${target.url}/__admin/faults`, {
        method: spec ? 'PUT' : 'DELETE',
        headers: { authorization: `Bearer ${target.adminToken}`, 'content-type': 'application/json' },
        ...(spec ? { body: JSON.stringify({ faults: spec }) } : {}),
      });
      await res.body.dump();
      if (res.statusCode !== 200) throw new Error(`the admin route refused "${spec}": ${res.statusCode}`);
    };
    await admin(o.fault);
    const faultAt = Date.now();
    log(`selftest:mttd: fault "${o.fault}" on at ${new Date(faultAt).toISOString()}`);
    // Waited for twice the goal so far (at least 30 s): past that the case is red whatever came later.
    const bound = (): number => Math.max(30_000, 2 * (everyMs + Math.max(...runMs)));
    const failing = await until('failing alert', bound(), () => alerts.find((a) => a.kind === 'failing'));
    await admin('');
    const fixAt = Date.now();
    log(`selftest:mttd: fault off at ${new Date(fixAt).toISOString()}`);
    const recovered = await until('recovery notice', bound(), () =>
      alerts.find((a) => a.kind === 'recovered'),
    );
    const slowestRunMs = Math.max(...runMs);
    const detectMs = failing.at - faultAt;
    const recoverMs = recovered.at - fixAt;
    const goalMs = everyMs + slowestRunMs;
    return {
      detectMs,
      recoverMs,
      goalMs,
      everyMs,
      slowestRunMs,
      runs,
      alerts: alerts.length,
      wallMs: Date.now() - started,
      within: detectMs <= goalMs && recoverMs <= goalMs,
    };
  } finally {
    // Twice: the second signal stops the run under way (the monitor's graceful stop would wait for it).
    monitor.kill('SIGTERM');
    setTimeout(() => monitor.kill('SIGTERM'), 200).unref();
    setTimeout(() => monitor.kill('SIGKILL'), 5000).unref();
    await exited;
    hook.close();
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
}

/** The one line both the script and the self-test print. */
export function describeMttd(f: MttdFigures): string {
  return (
    `time to detect ${formatDuration(f.detectMs)}, time to recovery notice ${formatDuration(f.recoverMs)}; ` +
    `goal ≤ ${formatDuration(f.goalMs)} (cadence ${formatDuration(f.everyMs)} + slowest run ${formatDuration(f.slowestRunMs)}); ` +
    `${f.runs} runs, ${f.alerts} alerts, ${formatDuration(f.wallMs)} in all — ${f.within ? 'within the goal' : 'BEYOND THE GOAL'}`
  );
}

export const MTTD_CASE = 'monitor-mttd';

/**
 * The self-test's row (its type inferred; scripts/selftest.ts checks it against its own): caught when both the alert
 * and the recovery notice came, named when both came within the goal.
 */
export async function mttdCase(root: string, outDir: string) {
  const row = { name: MTTD_CASE, suites: 'monitor: protocol journey', expected: 'alert', falseAlarm: false };
  const t0 = Date.now();
  const s = (ms: number): string => formatDuration(ms, { unit: 's' });
  try {
    const f = await measureMttd({ ...MTTD_DEFAULTS, root, outDir });
    const seen = `detect ${s(f.detectMs)}, recover ${s(f.recoverMs)}, goal ≤ ${s(f.goalMs)}`;
    return { ...row, caught: true, named: f.within, seen, ms: Date.now() - t0, detail: describeMttd(f) };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ...row, caught: false, named: false, seen: 'no alert', ms: Date.now() - t0, detail };
  }
}
