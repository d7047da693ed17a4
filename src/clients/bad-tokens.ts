// Credentials a target must refuse: a tampered signature, and an expired token re-signed with the target's secret.
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { registerSecret } from '../config/secret.ts';

/** Flip characters of the signature: same header and claims, invalid signature. */
export function tamperSignature(token: string): string {
  const parts = token.split('.');
  if (parts.length !== 3) {
    // An opaque token (a session id): the same length, its last characters changed.
    const forged = token.slice(0, -4) + (token.endsWith('0000') ? '1111' : '0000');
    registerSecret(forged);
    return forged;
  }
  const sig = parts[2] ?? '';
  const flipped = sig.slice(0, -4) + (sig.endsWith('AAAA') ? 'BBBB' : 'AAAA');
  const forged = [parts[0], parts[1], flipped].join('.');
  registerSecret(forged);
  return forged;
}

/** The same claims as a real token, issued and expired an hour ago, signed with the target's secret. */
export async function expiredCopy(token: string, secret: string): Promise<string> {
  const claims = decodeJwt(token);
  const header = decodeProtectedHeader(token);
  const now = Math.floor(Date.now() / 1000);
  const alg = typeof header.alg === 'string' && header.alg.startsWith('HS') ? header.alg : 'HS256';
  const expired = await new SignJWT({ ...claims, iat: now - 7200, exp: now - 3600 })
    .setProtectedHeader({ alg, typ: 'JWT' })
    .sign(new TextEncoder().encode(secret));
  registerSecret(expired);
  return expired;
}
