// The registry of open connections: counts for health and capacity, neighbours for F10, closing on shutdown.
import type { Connection } from './connection.ts';

export class Hub {
  readonly #connections = new Set<Connection>();

  get count(): number {
    return this.#connections.size;
  }

  add(conn: Connection): void {
    this.#connections.add(conn);
  }

  remove(conn: Connection): void {
    this.#connections.delete(conn);
  }

  /** Connections that belong to a different user (who must never see `userId`'s events). */
  othersThan(userId: string): Connection[] {
    return [...this.#connections].filter((c) => c.user.id !== userId);
  }

  /** Closes every connection with `code` and waits (bounded) until the peers have answered the close. */
  async closeAll(code: number, reason: string, waitMs: number): Promise<void> {
    const all = [...this.#connections];
    await Promise.all(all.map((c) => c.closeAndWait(code, reason, waitMs)));
  }
}
