// A secret value (password, token) that refuses to be printed: logs, JSON and inspection show [redacted].
import { inspect } from 'node:util';
import { redactText, redactValue, registerSecret } from '../protocol/redaction.ts';

export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
    registerSecret(value);
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[redacted]';
  }

  toJSON(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return '[redacted]';
  }
}

// registerSecret: remember a value (a token obtained at run time) so `redact` scrubs it from any text;
// redactValue: a record with every string in it redacted, before it is written to a file.
export { redactValue, registerSecret };

/** Replace every known secret (in its plain, base64url, URL and JSON forms) and every credential-shaped string. */
export const redact = (text: string): string => redactText(text);

/** The credentials a configured URL carries (`wss://…/ws?token=…`, `https://user:pass@…`): known secrets from now on. */
export function registerUrlSecrets(url: string | undefined): void {
  if (!url) return;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return;
  }
  registerSecret(decodeURIComponent(parsed.password));
  for (const [name, value] of parsed.searchParams)
    if (/token|jwt|key|secret|ticket|auth/i.test(name)) registerSecret(value);
}
