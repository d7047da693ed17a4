// Secrets of a load run's token strategies: the values the http strategies declare, hidden wherever text is shown.
// (The template values themselves come from src/protocol/strategy-vars.ts, shared with the Node client.)
import type { TokenStrategy } from '../../profiles/define.ts';

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
