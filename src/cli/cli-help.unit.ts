// Every CLI answers --help (usage, exit 0, nothing else done) and refuses an unknown flag in one line with exit 2.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';

const ROOT = join(import.meta.dirname, '..', '..');

/** Each entry point as users start it (the npm script's file), and a word its usage must show. */
const CLIS = [
  { file: 'scripts/gate.ts', shows: '--env <environment>' },
  { file: 'scripts/doctor.ts', shows: '--draft' },
  { file: 'scripts/history.ts', shows: '--check <sla>' },
  { file: 'scripts/monitor.ts', shows: '--every <interval>' },
  { file: 'scripts/load.ts', shows: '--scenario <name>' },
  { file: 'scripts/report.ts', shows: '--ledger <dir>' },
  { file: 'scripts/report-open.ts', shows: '--port <n>' },
  { file: 'scripts/selftest.ts', shows: '--no-healthy' },
  { file: 'scripts/count-results.ts', shows: 'passed' },
  { file: 'scripts/build-load.ts', shows: 'esbuild' },
  { file: 'scripts/bench-golden-path.ts', shows: '--runs <n>' },
  { file: 'scripts/bench-load.ts', shows: '--max-vus <n>' },
  { file: 'scripts/ensure-browser.ts', shows: 'Chromium' },
  { file: 'reference-target/main.ts', shows: 'REF_PORT' },
  { file: 'reference-target/bench.ts', shows: 'start-up time' },
];

async function run(file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', file, ...args],
      {
        cwd: ROOT,
        timeout: 30_000,
        env: { ...process.env, FORCE_COLOR: '0' },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

for (const cli of CLIS) {
  test(`${cli.file} --help prints its usage and exits 0`, async () => {
    for (const flag of ['--help', '-h']) {
      const r = await run(cli.file, [flag]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^usage: /);
      expect(r.stdout).toContain(cli.shows);
      expect(r.stdout).toContain('-h, --help');
      expect(r.stderr).toBe('');
    }
  });

  test(`${cli.file} --bogus-flag is refused in one line with exit 2`, async () => {
    const r = await run(cli.file, ['--bogus-flag']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/--bogus-flag.*\(see --help\)$/)]);
  });
}
