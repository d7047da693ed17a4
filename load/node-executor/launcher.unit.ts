// `npm run load`'s k6 path and its stops, with a stand-in k6 (k6 itself is not on this machine): the summary folder
// made before k6 runs, k6's exit codes mapped (99 names each breach; 105, its Ctrl-C, is 130), a wrong K6_BIN refused,
// and a second Ctrl-C taking the local reference target down with the launcher.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { LoadSummary } from '../lib/summary.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

// Writes handleSummary's file as k6 does (no folder created), then exits as FAKE_K6 says.
const FAKE_K6 = `#!/usr/bin/env node
const fs = require('node:fs');
const args = process.argv.slice(2);
const env = {};
for (let i = 0; i < args.length; i++) if (args[i] === '-e') { const [k, ...v] = args[++i].split('='); env[k] = v.join('='); }
const mode = process.env.FAKE_K6;
const summary = {
  metrics: { auth_login_duration: { type: 'trend', contains: 'time', values: { 'p(95)': 719, count: 50 } } },
  golden_path: {
    environment: env.GP_ENVIRONMENT,
    thresholds: [{ metric: 'auth_login_duration', expression: 'p(95)<=500', source: 'auth.login.latency',
      ok: false, measured: 719, n: 50, unmeasured: false }],
  },
};
const write = () => {
  fs.writeFileSync(env.GP_SUMMARY_FILE, JSON.stringify(summary));
  fs.writeFileSync(env.GP_SUMMARY_LATEST, JSON.stringify(summary));
};
if (mode === 'wait-signal') {
  // As k6: the first SIGINT stops gracefully and writes the summary; the signals seen are counted in it.
  let sigints = 0;
  let sigterms = 0;
  process.on('SIGTERM', () => sigterms++);
  process.on('SIGINT', () => {
    if (++sigints > 1) return;
    setTimeout(() => { summary.golden_path.signals = { sigints, sigterms }; write(); process.exit(105); }, 500);
  });
  console.error('fake k6: running');
  setInterval(() => undefined, 1000);
} else {
  if (mode !== 'no-summary' && mode !== 'script-error') write();
  process.exit(mode === 'interrupted' ? 105 : mode === 'script-error' ? 107 : 99);
}
`;

interface Run {
  code: number | null;
  stderr: string;
}

function launch(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/load.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdout.resume();
  const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
  const done = new Promise<Run>((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    }),
  );
  return { child, done, stderr: () => stderr };
}

/** Waits until the launcher's stderr shows `pattern` (`message` names the wait); its first group, if any. */
async function shown(
  run: ReturnType<typeof launch>,
  pattern: RegExp,
  message: string,
  timeout: number,
): Promise<string> {
  await expect.poll(() => pattern.test(run.stderr()), { message, timeout }).toBe(true);
  return pattern.exec(run.stderr())?.[1] ?? '';
}

test.describe.configure({ mode: 'serial' });

let dir: string;
let k6: string;
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gp-launcher-'));
  k6 = join(dir, 'k6');
  writeFileSync(k6, FAKE_K6);
  chmodSync(k6, 0o755);
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

const scenario = ['--scenario', 'ws-concurrency', '--vus', '2', '--duration', '5s'];

test('k6 exit 99: the folder was made for its summary, and each breach is named with its environment', async () => {
  test.setTimeout(60_000);
  const out = join(dir, 'fresh', 'results');
  const run = await launch([...scenario, '--out', out], { K6_BIN: k6, FAKE_K6: 'breach' }).done;
  expect(run.code, run.stderr).toBe(99);
  expect(existsSync(join(out, 'latest-ws-concurrency.json'))).toBe(true);
  expect(run.stderr).toContain(
    'THRESHOLD FAILED auth_login_duration p(95)<=500 [auth.login.latency]: 719ms (n=50), target <= 500ms, environment local',
  );
});

test("k6's Ctrl-C (exit 105) is 130: the summary is marked aborted, failed thresholds still named", async () => {
  test.setTimeout(60_000);
  const out = join(dir, 'interrupted');
  const run = await launch([...scenario, '--out', out], { K6_BIN: k6, FAKE_K6: 'interrupted' }).done;
  expect(run.code, run.stderr).toBe(130);
  expect(run.stderr).toContain('THRESHOLD FAILED auth_login_duration');
  const summary = JSON.parse(readFileSync(join(out, 'latest-ws-concurrency.json'), 'utf8')) as LoadSummary;
  expect(summary.golden_path?.aborted).toMatch(/stopped/);
});

test('a SIGTERM (timeout, CI) reaches k6 as one SIGINT: k6 writes its summary, marked stopped by SIGTERM; exit 130', async () => {
  test.setTimeout(60_000);
  const out = join(dir, 'sigterm');
  const run = launch([...scenario, '--out', out], { K6_BIN: k6, FAKE_K6: 'wait-signal' });
  await shown(run, /fake k6: running/, 'the stand-in k6 runs', 30_000);
  run.child.kill('SIGTERM');
  const { code, stderr } = await run.done;
  expect(code, stderr).toBe(130);
  const summary = JSON.parse(readFileSync(join(out, 'latest-ws-concurrency.json'), 'utf8')) as LoadSummary & {
    golden_path: { signals?: unknown };
  };
  expect(summary.golden_path.signals).toEqual({ sigints: 1, sigterms: 0 });
  expect(summary.golden_path.aborted).toBe('stopped by SIGTERM');
});

test('k6 exiting without its summary is said in one line; a wrong K6_BIN is refused before anything starts', async () => {
  test.setTimeout(60_000);
  const out = join(dir, 'missing');
  const run = await launch([...scenario, '--out', out], { K6_BIN: k6, FAKE_K6: 'no-summary' }).done;
  expect(run.code, run.stderr).toBe(99);
  expect(run.stderr).toMatch(
    /golden-path load: k6 exited 99 \(thresholds crossed\) without writing the summary \S+ws-concurrency-\S+\.json/,
  );
  // An old k6 without k6/websockets dies with a script error (107): said as such, never as a threshold crossed.
  const old = await launch([...scenario, '--out', join(dir, 'old')], { K6_BIN: k6, FAKE_K6: 'script-error' })
    .done;
  expect(old.code, old.stderr).toBe(107);
  expect(old.stderr).toContain('k6 exited 107 (a script error:');
  expect(old.stderr).not.toContain('THRESHOLD FAILED');
  const wrong = await launch(scenario, { K6_BIN: join(dir, 'no-such-k6') }).done;
  expect(wrong.code).toBe(2);
  expect(wrong.stderr.trim().split('\n')).toEqual([
    expect.stringMatching(/^golden-path load: LOAD_INVALID: K6_BIN=.*no-such-k6 is not an executable file; /),
  ]);
});

test('a second Ctrl-C leaves at once and takes the local reference target with it', async () => {
  test.setTimeout(60_000);
  // Logins slowed to 8 s keep the run from ending on the first Ctrl-C (its close margin is 5 s), so the second
  // one lands while the reference target is still up.
  const run = launch(
    [
      '--engine',
      'node',
      '--out',
      join(dir, 'ctrl-c'),
      ...scenario.slice(0, 4),
      '--duration',
      '60s',
      '--faults',
      'auth-slow:8000',
    ],
    { K6_BIN: '' },
  );
  const url = await shown(
    run,
    /reference target started at (\S+)/,
    'the launcher reports the reference target it started',
    30_000,
  );
  await shown(run, /running ws-concurrency on the built-in Node executor/, 'the run started', 20_000);
  run.child.kill('SIGINT');
  // Signals are not queued: the second is sent once the first was seen.
  await shown(run, /SIGINT: stopping, writing the summary/, 'the launcher took the first Ctrl-C', 5000);
  run.child.kill('SIGINT');
  const { code } = await run.done;
  expect(code).toBe(130);
  await expect
    .poll(
      async () =>
        fetch(`${url}/health`).then(
          () => 'answering',
          () => 'gone',
        ),
      { message: 'the reference target stopped with the launcher', timeout: 2000 },
    )
    .toBe('gone');
});
