// HS256 access (and netra-apex refresh) tokens via jose: sign with sub/email/iat/exp, verify strictly.
import { SignJWT, jwtVerify } from 'jose';
import type { User } from './user-store.ts';

export interface VerifiedToken {
  readonly userId: string;
  readonly email: string;
  readonly expiresAt: number;
}

export type VerifyResult = { ok: true; token: VerifiedToken } | { ok: false; reason: 'expired' | 'invalid' };

const ISSUER = 'golden-path-reference-target';

export class TokenService {
  readonly #key: Uint8Array;
  readonly ttlS: number;

  constructor(secret: string, ttlS: number) {
    this.#key = new TextEncoder().encode(secret);
    this.ttlS = ttlS;
  }

  async issue(user: User, kind: 'access' | 'refresh' = 'access'): Promise<string> {
    const ttl = kind === 'access' ? this.ttlS : this.ttlS * 24;
    return new SignJWT({ email: user.email, typ: kind })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${ttl}s`)
      .sign(this.#key);
  }

  /**
   * Accepts HS256 tokens signed with our key that carry sub and exp and are unexpired; the issuer is not
   * required, so a harness that mints its own tokens with the shared secret (`mint` strategy) is accepted.
   */
  async verify(token: string, kind: 'access' | 'refresh' = 'access'): Promise<VerifyResult> {
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        algorithms: ['HS256'],
        requiredClaims: ['sub', 'exp'],
      });
      const isRefresh = payload.typ === 'refresh';
      if (typeof payload.sub !== 'string' || payload.sub === '' || isRefresh !== (kind === 'refresh')) {
        return { ok: false, reason: 'invalid' };
      }
      const email = typeof payload.email === 'string' ? payload.email : '';
      return { ok: true, token: { userId: payload.sub, email, expiresAt: payload.exp ?? 0 } };
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      return { ok: false, reason: code === 'ERR_JWT_EXPIRED' ? 'expired' : 'invalid' };
    }
  }
}
