// Secrets of a load run's token strategies: the values the http strategies declare, hidden wherever text is shown.
// (The template values themselves come from src/protocol/strategy-vars.ts, shared with the Node client.)
import type { TokenStrategy } from '../../profiles/define.ts';
import { redactText } from '../../src/protocol/redaction.ts';

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

/** Text with every secret value (and every credential-shaped string) replaced by [redacted]. */
export function hideSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  return redactText(text, secrets);
}
