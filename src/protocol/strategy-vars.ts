// The values an http token strategy's templates use: the user's email and password, and the settings the strategy
// declares (`secretSettings`). Pure and engine-neutral: the Node client and the k6 scenarios both read them here.
import type { TokenStrategy } from '../../profiles/define.ts';
import { requiredPlaceholders } from './template.ts';

export type HttpStrategy = Extract<TokenStrategy, { kind: 'http' }>;

/** Placeholders every http strategy template may use, whatever the profile declares. */
export const HTTP_STRATEGY_VARS = ['email', 'password'] as const;

/** A declared setting answers to its own name and its lower-case form: `BYPASS_KEY` is `{{BYPASS_KEY}}` or `{{bypass_key}}`. */
export function settingOf(strategy: HttpStrategy, placeholder: string): string | undefined {
  return (strategy.secretSettings ?? []).find(
    (name) => name === placeholder || name.toLowerCase() === placeholder,
  );
}

function neededPlaceholders(strategy: HttpStrategy): string[] {
  return [
    ...new Set([...requiredPlaceholders(strategy.headers ?? {}), ...requiredPlaceholders(strategy.body)]),
  ];
}

/** Placeholders of an http strategy's header and body templates that are neither user fields nor declared settings. */
export function undeclaredPlaceholders(strategy: HttpStrategy): string[] {
  return neededPlaceholders(strategy).filter(
    (p) => !(HTTP_STRATEGY_VARS as readonly string[]).includes(p) && settingOf(strategy, p) === undefined,
  );
}

export type StrategyVars =
  | { vars: Record<string, string | undefined> }
  /** Settings (or user fields) a template needs that have no value: the strategy does not apply. */
  | { missing: string[] }
  /** A placeholder that is neither a user field nor a declared setting: the profile is wrong. */
  | { undeclared: string };

/** The template values of an http strategy for a user, given the raw values of the settings it may declare. */
export function httpStrategyVars(
  strategy: HttpStrategy,
  user: { email?: string | undefined; password?: string | undefined },
  settings: Readonly<Record<string, string | undefined>>,
): StrategyVars {
  const undeclared = undeclaredPlaceholders(strategy)[0];
  if (undeclared !== undefined) return { undeclared };
  const needed = neededPlaceholders(strategy);
  const vars: Record<string, string | undefined> = { email: user.email, password: user.password };
  for (const p of needed) {
    const setting = settingOf(strategy, p);
    if (setting) vars[p] = settings[setting] === '' ? undefined : settings[setting];
  }
  const missing = [
    ...new Set(needed.filter((p) => vars[p] === undefined).map((p) => settingOf(strategy, p) ?? p)),
  ];
  return missing.length > 0 ? { missing } : { vars };
}
