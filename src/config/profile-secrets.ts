// Settings a profile's token strategies name (mint's secretSetting, http's secretSettings): any variable, read raw
// from the environment (the settings schema keeps only its own) and held as Secrets, never printed.
import type { Profile } from '../../profiles/define.ts';
import { HTTP_STRATEGY_VARS, type HttpStrategy } from '../protocol/strategy-vars.ts';
import { Secret } from './secret.ts';

export function profileSecretNames(profile: Profile): string[] {
  const names = profile.auth.strategies.flatMap((s) =>
    s.kind === 'mint' ? [s.secretSetting] : s.kind === 'http' ? [...(s.secretSettings ?? [])] : [],
  );
  return [...new Set(names)];
}

/** The raw values of the settings the profile names, as Secrets; unset ones are left out. */
export function profileSecrets(
  profile: Profile,
  raw: Readonly<Record<string, string>>,
): Record<string, Secret> {
  const secrets: Record<string, Secret> = {};
  for (const name of profileSecretNames(profile)) {
    const value = raw[name];
    if (value !== undefined && value !== '') secrets[name] = new Secret(value);
  }
  return secrets;
}

/** One line naming an undeclared placeholder, the strategy, and how to declare it. */
export function undeclaredMessage(strategy: HttpStrategy, index: number, placeholder: string): string {
  const declared = strategy.secretSettings?.length ? strategy.secretSettings.join(', ') : 'none';
  return `auth.strategies.${index}: {{${placeholder}}} of the http strategy has no value (it knows ${HTTP_STRATEGY_VARS.map((v) => `{{${v}}}`).join(', ')} and the settings in its secretSettings: ${declared}); add ${placeholder.toUpperCase()} to secretSettings and set it in the environment file`;
}
