// A wrong profile as a user meets it: `playwright test` with a profile file kept outside the repository prints one
// line per wrong field, all of them, and exits 2 before any test starts (spawned, as a user would run it).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { BUILT_IN_PROFILES } from '../../profiles/index.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const DEFAULT = BUILT_IN_PROFILES.default!;
const WRONG = `authEnforced: 'yes', ws: { ...base.ws, path: 'ws' }, events: { ...base.events, timestampFormat: 'unix' }`;
const MODULE = `import base from '${join(ROOT, 'profiles/default.ts')}';\nexport default { ...base, name: 'acme', ${WRONG} };\n`;
const SOURCE: Record<string, string> = {
  '.ts': MODULE,
  '.mts': MODULE,
  '.js': MODULE,
  '.json': JSON.stringify({
    ...DEFAULT,
    name: 'acme',
    authEnforced: 'yes',
    ws: { ...DEFAULT.ws, path: 'ws' },
    events: { ...DEFAULT.events, timestampFormat: 'unix' },
  }),
};

for (const [extension, source] of Object.entries(SOURCE)) {
  test(`a ${extension} profile with three wrong fields: three lines, exit 2, no test run`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'gp-wrong-profile-'));
    const file = join(dir, `acme${extension}`);
    writeFileSync(file, source);
    // Only what a shell would have: none of this worker's Playwright variables.
    const run = spawnSync(
      process.execPath,
      [
        join(ROOT, 'node_modules/@playwright/test/cli.js'),
        'test',
        '--project=local',
        'tests/infra/health.spec.ts',
        '--reporter=line',
      ],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TARGET_PROFILE: file },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    const lines = run.stderr.split('\n').filter((l) => l.startsWith('golden-path: PROFILE_INVALID'));
    expect(run.status, run.stderr).toBe(2);
    expect(run.stdout, 'no test started').not.toMatch(/Running \d+ test|passed|failed/);
    expect(lines).toEqual([
      `golden-path: PROFILE_INVALID: authEnforced: expected a boolean, found "yes" (in ${file})`,
      `golden-path: PROFILE_INVALID: ws.path: expected a string starting with "/", found "ws" (in ${file})`,
      `golden-path: PROFILE_INVALID: events.timestampFormat: expected one of "iso" | "epoch-s" | "epoch-ms" | "auto", found "unix" (in ${file})`,
    ]);
  });
}
