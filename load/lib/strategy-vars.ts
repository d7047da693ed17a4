// The values an http token strategy's templates use: the user's email and password, and the settings the strategy
// declares (`secretSettings`, read raw from the environment, never printed). Engine-neutral: src/config's own
// profile-secrets.ts holds them as Secrets, which need node:util, so k6 cannot bundle it.
import type { TokenStrategy } from '../../profiles/define.ts';
import { requiredPlaceholders } from '../../src/protocol/template.ts';

type HttpStrategy = Extract<TokenStrategy, { kind: 'http' }>;

/** Placeholders every http strategy may use, whatever it declares. */
const USER_VARS = ['email', 'password'];

/** A declared setting answers to its own name and its lower-case form: `BYPASS_KEY` is `{{BYPASS_KEY}}` or `{{bypass_key}}`. */
function settingOf(strategy: HttpStrategy, placeholder: string): string | undefined {
  return (strategy.secretSettings ?? []).find(
    (name) => name === placeholder || name.toLowerCase() === placeholder,
  );
}

export type StrategyVars =
  | { vars: Record<string, string | undefined> }
  /** Settings (or user fields) a template needs that have no value: the strategy does not apply. */
  | { missing: string[] }
  /** A placeholder that is neither a user field nor a declared setting: the profile is wrong. */
  | { undeclared: string };

export function httpStrategyVars(
  strategy: HttpStrategy,
  user: { email?: string; password?: string },
  settings: Readonly<Record<string, string | undefined>>,
): StrategyVars {
  const needed = [...requiredPlaceholders(strategy.headers ?? {}), ...requiredPlaceholders(strategy.body)];
  const undeclared = needed.find((p) => !USER_VARS.includes(p) && settingOf(strategy, p) === undefined);
  if (undeclared !== undefined) return { undeclared };
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

/** The values of the settings the profile's http strategies declare: secrets, to be hidden wherever text is shown. */
export function declaredSecrets(
  strategies: readonly TokenStrategy[],
  settings: Readonly<Record<string, string | undefined>>,
): string[] {
  return strategies
    .flatMap((s) => (s.kind === 'http' ? [...(s.secretSettings ?? [])] : []))
    .map((name) => settings[name])
    .filter((v): v is string => v !== undefined && v !== '');
}

/** Text with every secret value replaced by [redacted]. */
export function hideSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('[redacted]');
  return out;
}
