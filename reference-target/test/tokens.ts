// Test helper: tokens the target did not issue (expired, foreign key, refresh) minted with jose.
import { SignJWT } from 'jose';

export async function mintToken(
  secret: string,
  claims: { sub: string; email?: string; typ?: string },
  expiresInS: number,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    email: claims.email ?? 'someone@golden-path.test',
    ...(claims.typ ? { typ: claims.typ } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt(now - 7200)
    .setExpirationTime(now + expiresInS)
    .sign(new TextEncoder().encode(secret));
}
