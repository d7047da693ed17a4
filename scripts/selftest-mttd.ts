// npm run selftest:mttd — time to detect, measured: the monitor at a short cadence against the local reference
// target with a webhook receiver; a fault switched on through the target's admin route right after a green run, the
// time until the failing alert arrives; the fault switched off, the time until the recovery notice. Goal for each:
// at most the cadence plus one run's duration (the slowest run seen). Exit 0 within the goal, 1 beyond, 2 broken.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { request } from 'undici';
import { commandLine, defineCommand } from '../src/cli/command-line.ts';
import { childEnvironment } from '../src/config/runner-env.ts';
import { formatDuration } from '../src/format/duration.ts';
import { parseEvery } from '../src/monitor/cadence.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const OUT = 'test-results/monitor-mttd';

const { values: o } = commandLine(
  defineCommand({
    name: 'selftest:mttd',
    usage: 'npm run selftest:mttd -- [--every 5s] [--fault auth-down] [--grep <pattern>]',
    about:
      'Starts the monitor against the local reference target, switches a fault on and off at run time and prints\n' +
      'the time from the fault to the alert and from the fix to the recovery notice, against the goal.',
    options: {
      every: { type: 'string', default: '5s' },
      fault: { type: 'string', default: 'auth-down' },
      grep: { type: 'string', default: 'Golden Path journey over the protocol' },
    },
    help: {
      every: ['<interval>', 'the monitor’s cadence'],
      fault: ['<spec>', 'the failure mode switched on (GP_FAULTS syntax)'],
      grep: ['<pattern>', 'the monitor’s selection (the protocol journey: a fast, browserless run)'],
    },
  }),
);

interface Alert {
  kind: string;
  at: number;
  text: string;
}
const alerts: Alert[] = [];
const runMs: number[] = [];
const waiters = new Set<() => void>();
const wake = (): void => waiters.forEach((w) => w());

function until<T>(what: string, ms: number, probe: () => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const v = probe();
      if (v === undefined) return;
      clearTimeout(timer);
      waiters.delete(check);
      resolve(v);
    };
    const timer = setTimeout(() => {
      waiters.delete(check);
      reject(new Error(`no ${what} within ${formatDuration(ms)}`));
    }, ms);
    waiters.add(check);
    check();
  });
}

async function main(): Promise<number> {
  const everyMs = parseEvery('--every', o.every, 5_000);
  const dir = mkdtempSync(join(tmpdir(), 'gp-mttd-'));
  const hook = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const body = JSON.parse(text) as { kind: string; text: string };
      alerts.push({ kind: body.kind, at: Date.now(), text: body.text });
      res.writeHead(200).end();
      wake();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  const targetFile = join(ROOT, OUT, 'local-target.json');
  rmSync(targetFile, { force: true });
  const args = [
    '--import',
    'tsx',
    'scripts/monitor.ts',
    '--env',
    'local',
    '--every',
    o.every,
    '--jitter',
    '0s',
  ];
  args.push('--grep', o.grep, '--history', join(dir, 'history.db'), '--out', OUT);
  args.push('--alert-webhook', hookUrl, '--alert-format', 'json', '--deadline', '60s');
  const monitor: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: childEnvironment({}),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let runs = 0;
  let lastState = '';
  createInterface({ input: monitor.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    process.stdout.write(`  ${line}\n`);
    const m = / local (\w+)(?: \(was \w+\))? in ([\d.]+) s:/.exec(line);
    if (m) {
      runs++;
      lastState = m[1] ?? '';
      runMs.push(Number(m[2]) * 1000);
    }
    wake();
  });
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
    process.stdout.write(`selftest:mttd: fault "${o.fault}" on at ${new Date(faultAt).toISOString()}\n`);
    const failing = await until('failing alert', 120_000, () => alerts.find((a) => a.kind === 'failing'));
    await admin('');
    const fixAt = Date.now();
    process.stdout.write(`selftest:mttd: fault off at ${new Date(fixAt).toISOString()}\n`);
    const recovered = await until('recovery notice', 120_000, () =>
      alerts.find((a) => a.kind === 'recovered'),
    );
    const detect = failing.at - faultAt;
    const recover = recovered.at - fixAt;
    const goal = everyMs + Math.max(...runMs);
    const within = detect <= goal && recover <= goal;
    process.stdout.write(
      `selftest:mttd: time to detect ${formatDuration(detect)}, time to recovery notice ${formatDuration(recover)}; ` +
        `goal ≤ ${formatDuration(goal)} (cadence ${formatDuration(everyMs)} + slowest run ${formatDuration(Math.max(...runMs))}); ` +
        `${runs} runs, ${alerts.length} alerts, ${formatDuration(Date.now() - started)} in all — ${within ? 'within the goal' : 'BEYOND THE GOAL'}\n`,
    );
    return within ? 0 : 1;
  } finally {
    // Twice: the second signal stops the run under way (the monitor's graceful stop would wait for it).
    monitor.kill('SIGTERM');
    setTimeout(() => monitor.kill('SIGTERM'), 200).unref();
    setTimeout(() => monitor.kill('SIGKILL'), 5000).unref();
    await new Promise((resolve) => monitor.once('exit', resolve));
    hook.close();
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`selftest:mttd: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
