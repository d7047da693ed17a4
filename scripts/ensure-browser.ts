// Makes sure a Chromium exists: Playwright's own, a system one, or install one (Playwright's download, else Debian's package).
import { existsSync } from 'node:fs';
import { findBrowser } from '../fixtures/browser.ts';
import { commandLine, defineCommand } from '../src/cli/command-line.ts';
import { browserPathSetting } from '../src/config/runner-env.ts';
import { runChild } from '../src/gate/child.ts';

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

async function run(cmd: string, args: string[]): Promise<boolean> {
  console.log(`golden-path: ${cmd} ${args.join(' ')}`);
  // A browser download or a package install: bounded, so a stuck mirror is a red run, not a hung one.
  return (
    (await runChild(cmd, args, { cwd: process.cwd(), env: process.env, timeoutMs: 15 * 60_000 })).exitCode ===
    0
  );
}

if (!found()) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const debian = existsSync('/etc/debian_version');
  // As root on Debian (CI, containers) the distribution's package; elsewhere Playwright's own download.
  const ok =
    debian && isRoot
      ? (await run('apt-get', ['update', '-qq'])) &&
        (await run('apt-get', ['install', '-y', '-qq', 'chromium']))
      : await run('npx', ['playwright', 'install', 'chromium']);
  if (!ok || !found()) {
    console.error(
      'golden-path: BROWSER_MISSING: no Chromium could be installed; run "npx playwright install chromium" (or on Debian "sudo apt-get install -y chromium"), or set BROWSER_PATH',
    );
    process.exit(2);
  }
}
