// Settings a profile's token strategies name (mint's secretSetting, http's secretSettings): any variable, read raw
// from the environment (the settings schema keeps only its own) and held as Secrets, never printed.
import type { Profile, TokenStrategy } from '../../profiles/define.ts';
import { requiredPlaceholders } from '../protocol/template.ts';
import { Secret } from './secret.ts';

type HttpStrategy = Extract<TokenStrategy, { kind: 'http' }>;

/** Placeholders every http strategy template may use, whatever the profile declares. */
export const HTTP_STRATEGY_VARS = ['email', 'password'] as const;

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

/** A declared setting answers to its own name and its lower-case form: `BYPASS_KEY` is `{{BYPASS_KEY}}` or `{{bypass_key}}`. */
export function settingOf(strategy: HttpStrategy, placeholder: string): string | undefined {
  return (strategy.secretSettings ?? []).find(
    (name) => name === placeholder || name.toLowerCase() === placeholder,
  );
}

/** Placeholders of an http strategy's header and body templates that are neither user fields nor declared settings. */
export function undeclaredPlaceholders(strategy: HttpStrategy): string[] {
  const used = new Set([
    ...requiredPlaceholders(strategy.headers ?? {}),
    ...requiredPlaceholders(strategy.body),
  ]);
  return [...used].filter(
    (p) => !(HTTP_STRATEGY_VARS as readonly string[]).includes(p) && settingOf(strategy, p) === undefined,
  );
}

/** One line naming an undeclared placeholder, the strategy, and how to declare it. */
export function undeclaredMessage(strategy: HttpStrategy, index: number, placeholder: string): string {
  const declared = strategy.secretSettings?.length ? strategy.secretSettings.join(', ') : 'none';
  return `auth.strategies.${index}: {{${placeholder}}} of the http strategy has no value (it knows ${HTTP_STRATEGY_VARS.map((v) => `{{${v}}}`).join(', ')} and the settings in its secretSettings: ${declared}); add ${placeholder.toUpperCase()} to secretSettings and set it in the environment file`;
}
