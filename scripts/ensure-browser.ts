// Makes sure a Chromium exists: Playwright's own, a system one, or install one (Playwright's download, else Debian's package).
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

function run(cmd: string, args: string[]): boolean {
  console.log(`golden-path: ${cmd} ${args.join(' ')}`);
  return spawnSync(cmd, args, { stdio: 'inherit' }).status === 0;
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
