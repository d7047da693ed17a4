// lumen's opaque sessions: a random 32-hex id (the `lumen_sid` cookie) → a user, expiring after REF_TOKEN_TTL_S.
import { randomBytes } from 'node:crypto';
import type { User } from './user-store.ts';

interface Session {
  readonly user: User;
  readonly expiresAt: number;
}

export class SessionStore {
  readonly #sessions = new Map<string, Session>();
  readonly #ttlMs: number;

  constructor(ttlS: number) {
    this.#ttlMs = ttlS * 1000;
  }

  open(user: User): string {
    const id = randomBytes(16).toString('hex');
    this.#sessions.set(id, { user, expiresAt: Date.now() + this.#ttlMs });
    return id;
  }

  /** The session's user, or why there is none. */
  find(id: string): { ok: true; user: User } | { ok: false; reason: 'expired' | 'invalid' } {
    const session = this.#sessions.get(id);
    if (session === undefined) return { ok: false, reason: 'invalid' };
    if (session.expiresAt <= Date.now()) {
      this.#sessions.delete(id);
      return { ok: false, reason: 'expired' };
    }
    return { ok: true, user: session.user };
  }

  revoke(id: string): void {
    this.#sessions.delete(id);
  }
}
