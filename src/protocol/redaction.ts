// The one redactor for text that leaves the process: the run's known secrets (in every form they travel in) and
// anything shaped like a credential (a JWT, a token= query value, a Bearer value). Pure, so k6 bundles share it.
import { base64url } from './base64url.ts';

const MIN_SECRET = 6;
const known = new Set<string>();

const MASK = '[redacted]';
/** A JWT, or what is left of one after a message was clipped (header and the start of its payload). */
const JWT = /eyJ[\w-]{5,}\.eyJ[\w-]*(?:\.[\w-]*)?|eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]{5,}/g;
/** The same JWT base64url-encoded (a `jwt.<base64url(token)>` subprotocol entry): its header starts `{"alg"`/`{"typ"`. */
const JWT_B64 = /ZXlK(?:aGJHY2lP|MGVYQWlP)[\w-]{8,}/g;
/** `token=…`, `access_token=…`, `refresh_token=…`, `id_token=…`, `jwt=…` in a URL, a query or a form body. */
const TOKEN_PARAM = /\b((?:access_|refresh_|id_)?token|jwt)=([^&#\s"'<>;,]+)/gi;
const BEARER = /\b(Bearer\s+)[\w.~+/-]{6,}=*/g;

/** Remember a secret value (a password, a token the clients obtained, a cookie) so every later text hides it. */
export function registerSecret(value: string | undefined): void {
  if (value !== undefined && value.length >= MIN_SECRET) known.add(value);
}

/** The forms a secret takes on its way out: as is, base64url (a subprotocol entry), URL- and JSON-escaped. */
function forms(value: string): string[] {
  const out = new Set([
    value,
    base64url(value),
    encodeURIComponent(value),
    JSON.stringify(value).slice(1, -1),
  ]);
  return [...out].filter((f) => f.length >= MIN_SECRET);
}

/** `text` with every known (and every given) secret and every credential-shaped string replaced; nothing else changes. */
export function redactText(text: string, extra: readonly (string | undefined)[] = []): string {
  let out = text;
  const secrets = [...known, ...extra.filter((s): s is string => s !== undefined && s.length >= MIN_SECRET)];
  // Longest first: a secret that contains another is hidden whole.
  for (const value of secrets.sort((a, b) => b.length - a.length))
    for (const form of forms(value)) if (out.includes(form)) out = out.split(form).join(MASK);
  return out
    .replace(JWT, '[redacted-jwt]')
    .replace(JWT_B64, '[redacted-jwt]')
    .replace(TOKEN_PARAM, (_m, name: string) => `${name}=${MASK}`)
    .replace(BEARER, `$1${MASK}`);
}

/** A JSON-shaped value with every string in it redacted (keys included), for records written to files. */
export function redactValue<T>(value: T): T {
  return JSON.parse(redactText(JSON.stringify(value) ?? 'null')) as T;
}
