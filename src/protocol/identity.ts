// Who a connection serves: the identity the login established, and the exact form the ready frame must claim it in.
// Every comparison is `===`: a prefix match would let `user_1` pass for `user_10`. Pure, bundleable into k6.
import type { Profile } from '../../profiles/define.ts';

/** How the ready frame writes the user's id (ws.ready.userIdMatch). */
export type ReadyUserIdRule = Profile['ws']['ready']['userIdMatch'];

/**
 * The exact value the ready frame must carry for `identity`: the id itself, or its first N characters plus the
 * profile's suffix (a product that truncates it, `abcdefgh...`); undefined when the profile says it carries none.
 */
export function readyClaimOf(identity: string, rule: ReadyUserIdRule): string | undefined {
  if (rule === 'none') return undefined;
  if (rule === 'exact') return identity;
  return identity.length > rule.truncate ? identity.slice(0, rule.truncate) + rule.suffix : identity;
}

/** Whether the ready frame's claim is exactly the identity's form under the profile's rule. */
export function readyClaimMatches(claim: string, identity: string, rule: ReadyUserIdRule): boolean {
  const expected = readyClaimOf(identity, rule);
  return expected === undefined || claim === expected;
}

/** The `sub` of a JWT, read without verifying it (the harness only learns whom the token names); else undefined. */
export function tokenSubject(token: string): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const claims: unknown = JSON.parse(fromBase64url(parts[1]));
    const sub = (claims as { sub?: unknown } | null)?.sub;
    return typeof sub === 'string' && sub !== '' ? sub : undefined;
  } catch {
    return undefined;
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** base64url → UTF-8 text in plain JavaScript (no Buffer, no atob) for k6 bundles; throws on a foreign character. */
function fromBase64url(text: string): string {
  const bytes: number[] = [];
  let bits = 0;
  let acc = 0;
  for (const ch of text.replace(/=+$/, '')) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new Error('not base64url');
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 0xff);
    }
  }
  // UTF-8 through percent-escapes: no TextDecoder in every engine k6 bundles run on.
  return decodeURIComponent(bytes.map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''));
}

/** The identity a token grant stands for: what the login reported, else the token's subject. */
export function identityOf(grant: { token: string; userId?: string }): string | undefined {
  return grant.userId ?? tokenSubject(grant.token);
}
