// A secret value (password, token) that refuses to be printed: logs, JSON and inspection show [redacted].
import { inspect } from 'node:util';

const known = new Set<string>();

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

/** Remember a secret value (e.g. a token obtained at run time) so `redact` can scrub it from any text. */
export function registerSecret(value: string): void {
  if (value.length >= 6) known.add(value);
}

/** Replace every known secret (and its base64url form, as sent in a subprotocol) and every JWT-shaped string. */
export function redact(text: string): string {
  let out = text;
  for (const value of known) {
    out = out.split(value).join('[redacted]');
    const b64 = Buffer.from(value).toString('base64url');
    out = out.split(b64).join('[redacted]');
  }
  return out.replace(/eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]{5,}/g, '[redacted-jwt]');
}
