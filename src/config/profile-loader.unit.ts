// Profile files from anywhere (.ts, .mts, .js, .json), validated once: every wrong field is one line, all at once.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { BUILT_IN_PROFILES } from '../../profiles/index.ts';
import { ConfigError } from './errors.ts';
import { loadProfile } from './profile-loader.ts';

const DEFAULT = BUILT_IN_PROFILES.default;
const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** A directory outside the repository holding `files`. */
function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'gp-profile-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

async function profileError(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

test('a .json profile from another directory loads', async () => {
  const cwd = dir({ 'acme.json': json({ ...DEFAULT, name: 'acme', description: 'Acme chat' }) });
  const { profile, file } = await loadProfile('acme.json', cwd, '.env.staging');
  expect(file).toBe(join(cwd, 'acme.json'));
  expect(profile.name).toBe('acme');
  expect(profile.ws.path).toBe(DEFAULT?.ws.path);
});

for (const extension of ['.ts', '.mts', '.js', '.mjs']) {
  test(`a ${extension} profile from another directory loads`, async () => {
    const cwd = dir({
      [`acme${extension}`]: `export default ${json({ ...DEFAULT, name: `acme${extension}` })}`,
    });
    const { profile } = await loadProfile(join(cwd, `acme${extension}`), '/', '.env.staging');
    expect(profile.name).toBe(`acme${extension}`);
  });
}

for (const extension of ['.cjs', '.cts'])
  test(`a CommonJS ${extension} profile loads`, async () => {
    const cwd = dir({ [`acme${extension}`]: `module.exports = ${json({ ...DEFAULT, name: 'acme-cjs' })}` });
    const { profile } = await loadProfile(join(cwd, `acme${extension}`), '/', '.env.staging');
    expect(profile.name).toBe('acme-cjs');
  });

test('a profile with three wrong fields reports three lines, each with its path, expected and found', async () => {
  const wrong = {
    ...DEFAULT,
    authEnforced: 'yes',
    ws: { ...DEFAULT?.ws, path: 'ws' },
    events: { ...DEFAULT?.events, timestampFormat: 'unix' },
  };
  const cwd = dir({ 'acme.json': json(wrong) });
  const error = await profileError(loadProfile('acme.json', cwd, '.env.staging'));
  expect(error.code).toBe('PROFILE_INVALID');
  expect(error.exitCode).toBe(2);
  const file = join(cwd, 'acme.json');
  expect(error.line.split('\n')).toEqual([
    `golden-path: PROFILE_INVALID: authEnforced: expected a boolean, found "yes" (in ${file})`,
    `golden-path: PROFILE_INVALID: ws.path: expected a string starting with "/", found "ws" (in ${file})`,
    `golden-path: PROFILE_INVALID: events.timestampFormat: expected one of "iso" | "epoch-s" | "epoch-ms" | "auto", found "unix" (in ${file})`,
  ]);
  // The gate and the report get the same problems on one line.
  expect(error.message).toMatch(
    /^3 wrong fields in .*acme\.json: authEnforced: .*; ws\.path: .*; events\.timestampFormat: /,
  );
});

test('missing, unknown and wrongly-kinded fields name their full path', async () => {
  const { description: _dropped, ...rest } = DEFAULT ?? {};
  const wrong = {
    ...rest,
    extra: 1,
    auth: { ...DEFAULT?.auth, strategies: [{ kind: 'password', path: '/sign-in' }] },
  };
  const error = await profileError(loadProfile('p.json', dir({ 'p.json': json(wrong) }), '.env.staging'));
  const lines = error.line.split('\n');
  expect(lines).toHaveLength(3);
  expect(lines).toContainEqual(expect.stringContaining('description: expected a string, found nothing'));
  expect(lines).toContainEqual(
    expect.stringContaining(
      'auth.strategies[0].kind: expected one of "login" | "static" | "http" | "mint", found "password"',
    ),
  );
  expect(lines).toContainEqual(expect.stringContaining('extra: expected no such field, found number 1'));
});

test('a file that is not JSON, or not a profile file at all, is one line', async () => {
  const cwd = dir({ 'broken.json': '{ "name": ', 'acme.yaml': 'name: acme\n' });
  const broken = await profileError(loadProfile('broken.json', cwd, '.env.staging'));
  expect(broken.line).toMatch(/^golden-path: PROFILE_INVALID: .*broken\.json is not valid JSON: /);
  expect(broken.line).not.toContain('\n');
  const yaml = await profileError(loadProfile('acme.yaml', cwd, '.env.staging'));
  expect(yaml.line).toMatch(
    /acme\.yaml is not a profile file: expected \.ts, \.mts, .*\.json, found "\.yaml"/,
  );
});
