// netra-apex WebSocket tickets: short-lived, single-use ids kept in the cache and redeemed once at upgrade.
import { randomBytes } from 'node:crypto';
import type { Cache } from '../stores/cache.ts';
import type { User } from './user-store.ts';

export const TICKET_TTL_S = 30;

export interface Ticket {
  readonly ticketId: string;
  readonly expiresAt: string;
  readonly ttlSeconds: number;
}

export class TicketStore {
  readonly #cache: Cache;

  constructor(cache: Cache) {
    this.#cache = cache;
  }

  issue(user: User): Ticket {
    const ticketId = `tkt_${randomBytes(18).toString('base64url')}`;
    this.#cache.set(`ticket:${ticketId}`, JSON.stringify(user), TICKET_TTL_S * 1000);
    return {
      ticketId,
      expiresAt: new Date(Date.now() + TICKET_TTL_S * 1000).toISOString(),
      ttlSeconds: TICKET_TTL_S,
    };
  }

  /** The ticket's user, consuming the ticket; undefined when unknown, expired or already used. */
  redeem(ticketId: string): User | undefined {
    const raw = this.#cache.take(`ticket:${ticketId}`);
    if (raw === undefined) return undefined;
    const parsed = JSON.parse(raw) as User;
    return { id: parsed.id, email: parsed.email };
  }
}
