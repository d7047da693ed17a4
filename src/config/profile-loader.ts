// Finds the profile TARGET_PROFILE names (a built-in name or a path to a .ts, .mts, .js, .mjs or .json file
// anywhere), validates it once against the schema: every wrong field is one line, all of them at once.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Profile } from '../../profiles/define.ts';
import { BUILT_IN_PROFILES } from '../../profiles/index.ts';
import { ConfigError } from './errors.ts';
import { describeIssues } from './profile-issues.ts';
import { profileSchema } from './profile-schema.ts';
import { undeclaredPlaceholders } from '../protocol/strategy-vars.ts';
import { undeclaredMessage } from './profile-secrets.ts';

/** Extensions a profile file may have: modules (default export) and plain JSON. */
export const PROFILE_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json'] as const;

export async function loadProfile(
  nameOrPath: string,
  cwd: string,
  settingFile: string,
): Promise<{ profile: Profile; file: string }> {
  const builtIn = BUILT_IN_PROFILES[nameOrPath];
  if (builtIn)
    return {
      profile: validateProfile(builtIn, `profiles/${nameOrPath}.ts`),
      file: `profiles/${nameOrPath}.ts`,
    };

  const file = isAbsolute(nameOrPath) ? nameOrPath : resolve(cwd, nameOrPath);
  if (!existsSync(file)) {
    const names = Object.keys(BUILT_IN_PROFILES).join(', ');
    throw new ConfigError(
      'CONFIG_INVALID',
      `TARGET_PROFILE="${nameOrPath}" is neither a built-in profile (${names}) nor an existing file; fix it in ${settingFile}`,
    );
  }
  const extension = extname(file).toLowerCase();
  if (!(PROFILE_EXTENSIONS as readonly string[]).includes(extension))
    throw new ConfigError(
      'PROFILE_INVALID',
      `${file} is not a profile file: expected ${PROFILE_EXTENSIONS.join(', ')}, found "${extension || 'no extension'}" (TARGET_PROFILE in ${settingFile})`,
    );
  if (extension === '.json') return { profile: validateProfile(readJson(file), file), file };
  let mod: { default?: unknown };
  try {
    mod = await importProfile(file);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigError('PROFILE_INVALID', `${file} could not be loaded: ${reason}`);
  }
  return { profile: validateProfile(mod.default, file), file };
}

/**
 * Imports a profile module. A .ts or .js profile kept anywhere, with no package.json saying `"type": "module"` above
 * it, would load as CommonJS and fail on its first `export`: it is bundled with esbuild into one ES module first (its
 * relative imports inlined) and imported from a temporary file.
 */
async function importProfile(file: string): Promise<{ default?: unknown }> {
  const extension = extname(file).toLowerCase();
  if ((extension === '.ts' || extension === '.js') && packageType(dirname(file)) !== 'module') {
    const { build } = await import('esbuild');
    const outfile = join(mkdtempSync(join(tmpdir(), 'gp-profile-')), `${basename(file, extension)}.mjs`);
    await build({
      entryPoints: [file],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'node',
      logLevel: 'silent',
    });
    return (await import(pathToFileURL(outfile).href)) as { default?: unknown };
  }
  return (await import(pathToFileURL(file).href)) as { default?: unknown };
}

/** The `type` of the nearest package.json above `dir` (Node's rule for .ts and .js files). */
function packageType(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    const manifest = join(current, 'package.json');
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: string }).type;
      } catch {
        return undefined;
      }
    }
    if (dirname(current) === current) return undefined;
  }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigError('PROFILE_INVALID', `${file} is not valid JSON: ${reason}`);
  }
}

/** The profile, or a ConfigError with one line per wrong field (path, expected, found) and the file. */
export function validateProfile(candidate: unknown, file: string): Profile {
  const result = profileSchema.safeParse(candidate, { reportInput: true });
  if (!result.success) {
    const fields = describeIssues(result.error.issues);
    const count = fields.length === 1 ? '1 wrong field' : `${fields.length} wrong fields`;
    throw new ConfigError(
      'PROFILE_INVALID',
      `${count} in ${file}: ${fields.join('; ')}`,
      fields.map((field) => `${field} (in ${file})`),
    );
  }
  const profile: Profile = result.data;
  profile.auth.strategies.forEach((strategy, i) => {
    const unknown = strategy.kind === 'http' ? undeclaredPlaceholders(strategy)[0] : undefined;
    if (strategy.kind === 'http' && unknown)
      throw new ConfigError('PROFILE_INVALID', `${undeclaredMessage(strategy, i, unknown)} (in ${file})`);
  });
  return profile;
}
