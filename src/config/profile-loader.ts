// Finds the profile TARGET_PROFILE names (a built-in name or a path), validates it, applies name overrides.
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Profile } from '../../profiles/define.ts';
import { BUILT_IN_PROFILES } from '../../profiles/index.ts';
import { ConfigError } from './errors.ts';
import { profileSchema } from './profile-schema.ts';
import { undeclaredPlaceholders } from '../protocol/strategy-vars.ts';
import { undeclaredMessage } from './profile-secrets.ts';

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
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    // A .ts file outside an ESM package is loaded as CommonJS: the profile's `import` fails.
    const hint = /outside a module/.test(reason ?? '')
      ? ' (name the file .mts, or keep it in a package whose package.json says "type": "module")'
      : '';
    throw new ConfigError('PROFILE_INVALID', `${file} could not be loaded: ${reason}${hint}`);
  }
  return { profile: validateProfile(mod.default, file), file };
}

export function validateProfile(candidate: unknown, file: string): Profile {
  const result = profileSchema.safeParse(candidate);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(the default export)';
    throw new ConfigError('PROFILE_INVALID', `${where}: ${issue?.message ?? 'invalid'} in ${file}`);
  }
  const profile: Profile = result.data;
  profile.auth.strategies.forEach((strategy, i) => {
    const unknown = strategy.kind === 'http' ? undeclaredPlaceholders(strategy)[0] : undefined;
    if (strategy.kind === 'http' && unknown)
      throw new ConfigError('PROFILE_INVALID', `${undeclaredMessage(strategy, i, unknown)} (in ${file})`);
  });
  return profile;
}
