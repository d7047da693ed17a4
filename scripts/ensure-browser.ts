// Makes sure a Chromium exists: Playwright's own, a system one, or install one (Playwright's download, else Debian's package).
// Installs quietly: one line saying what is installed, the installer's output only when it fails.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findBrowser } from '../fixtures/browser.ts';
import { commandLine, defineCommand } from '../src/cli/command-line.ts';
import { browserPathSetting } from '../src/config/runner-env.ts';

commandLine(
  defineCommand({
    name: 'setup',
    usage: 'npm run setup',
    about:
      "Makes sure a Chromium exists: Playwright's own, a system one (BROWSER_PATH), or installs one\n" +
      "(Debian's package as root on Debian, else Playwright's download).",
    options: {},
    help: {},
  }),
);

function found(): boolean {
  const choice = findBrowser(browserPathSetting());
  if ('missing' in choice) return false;
  console.log(`golden-path: browser: ${choice.executablePath ?? "Playwright's Chromium"} (${choice.source})`);
  return true;
}

/** Runs an installer step with its output captured; on failure that output's last lines go to stderr. */
function run(cmd: string, args: string[]): boolean {
  const line = `${cmd} ${args.join(' ')}`;
  console.log(`golden-path: ${line}`);
  const result = spawnSync(cmd, args, {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    // apt-get asks nothing and dpkg prints no dialog warnings without a terminal.
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    // A browser download or a package install: bounded, so a stuck mirror is a red run, not a hung one.
    timeout: 15 * 60_000,
  });
  if (result.status === 0) return true;
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trimEnd().split('\n').slice(-20);
  const why = result.error ? result.error.message : `exit ${String(result.status ?? result.signal)}`;
  console.error(`golden-path: ${line} failed (${why}); its last lines:\n${output.join('\n')}`);
  return false;
}

if (!found()) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const debian = existsSync('/etc/debian_version');
  // As root on Debian (CI, containers) the distribution's package; elsewhere Playwright's own download.
  const ok =
    debian && isRoot
      ? run('apt-get', ['update', '-qq']) && run('apt-get', ['install', '-y', '-qq', 'chromium'])
      : run('npx', ['playwright', 'install', 'chromium']);
  if (!ok || !found()) {
    console.error(
      'golden-path: BROWSER_MISSING: no Chromium could be installed; run "npx playwright install chromium" (or on Debian "sudo apt-get install -y chromium"), or set BROWSER_PATH',
    );
    process.exit(2);
  }
}
