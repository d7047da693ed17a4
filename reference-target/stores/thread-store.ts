// Conversation threads owned by users, kept behind the simulated database pool (every access leases a connection).
import { randomUUID } from 'node:crypto';
import type { DbPool } from './db-pool.ts';

export interface Thread {
  readonly id: string;
  readonly ownerId: string;
  readonly createdAt: string;
  readonly messages: { role: 'user' | 'assistant'; content: string }[];
}

export type ResolveResult =
  { ok: true; thread: Thread; created: boolean } | { ok: false; code: 'thread_not_found' };

export class ThreadStore {
  readonly #threads = new Map<string, Thread>();
  readonly #pool: DbPool;

  constructor(pool: DbPool) {
    this.#pool = pool;
  }

  get size(): number {
    return this.#threads.size;
  }

  /**
   * The caller's thread, or a new one when no id is given. Another user's thread id is answered exactly like an
   * unknown one, so a probe cannot learn that it exists.
   */
  async resolve(userId: string, threadId: string | undefined, anyOwner = false): Promise<ResolveResult> {
    return this.#pool.withConnection(() => {
      if (threadId === undefined) {
        const thread: Thread = {
          id: `thr_${randomUUID()}`,
          ownerId: userId,
          createdAt: new Date().toISOString(),
          messages: [],
        };
        this.#threads.set(thread.id, thread);
        return { ok: true, thread, created: true } as const;
      }
      const thread = this.#threads.get(threadId);
      // anyOwner is the foreign-thread fault: the ownership check forgotten.
      if (!thread || (thread.ownerId !== userId && !anyOwner))
        return { ok: false, code: 'thread_not_found' } as const;
      return { ok: true, thread, created: false } as const;
    });
  }

  async append(thread: Thread, role: 'user' | 'assistant', content: string): Promise<void> {
    await this.#pool.withConnection(() => {
      thread.messages.push({ role, content });
    });
  }

  /** A timed read for the readiness check: one lease, one lookup. */
  async ping(): Promise<void> {
    await this.#pool.withConnection(() => this.#threads.has('thr_ping'));
  }
}
