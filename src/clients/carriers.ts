// Auth carrier variants derived from the profile's own templates: header only, subprotocol only, raw-token entry.
import type { AuthCarrier, Profile } from '../../profiles/define.ts';

export interface CarrierVariants {
  header?: AuthCarrier;
  subprotocol?: AuthCarrier;
  /** The subprotocol carrier with the raw token instead of its base64url form. */
  subprotocolRaw?: AuthCarrier;
  query?: AuthCarrier;
}

export function carrierVariants(profile: Profile): CarrierVariants {
  const find = <K extends AuthCarrier['kind']>(kind: K) => profile.ws.carriers.find((c): c is Extract<AuthCarrier, { kind: K }> => c.kind === kind);
  const header = find('header');
  const subprotocol = find('subprotocol');
  const query = find('query');
  const raw = subprotocol ? { kind: 'subprotocol' as const, entries: subprotocol.entries.map((e) => e.replace('{{token_b64url}}', '{{token}}')) } : undefined;
  return {
    ...(header ? { header } : {}),
    ...(subprotocol ? { subprotocol } : {}),
    ...(raw && raw.entries.join() !== subprotocol?.entries.join() ? { subprotocolRaw: raw } : {}),
    ...(query ? { query } : {}),
  };
}

/** The subprotocol carrier with its token entry replaced by something that is not a token at all. */
export function malformedSubprotocol(carrier: Extract<AuthCarrier, { kind: 'subprotocol' }>): AuthCarrier {
  return { kind: 'subprotocol', entries: carrier.entries.map((e) => (e.includes('{{') ? e.replace(/\{\{token(_b64url)?\}\}/, '%%not-a-token%%') : e)) };
}

/** Whether an echoed subprotocol carries the token (a security finding: it lands in headers and proxy logs). */
export function echoCarriesToken(selected: string, token: string, tokenB64url: string): boolean {
  return selected !== '' && (selected.includes(token) || selected.includes(tokenB64url));
}
