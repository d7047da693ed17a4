// The registry of open connections: counts for health and capacity, a user's sockets (fan-out), neighbours for
// F10, closing on shutdown.
import type { AgentEvent } from '../agent/agent-event.ts';
import type { Frame } from './frame.ts';

/** What the hub needs of a connection (a ws/connection.ts Connection is one): the hub sits below connections. */
export interface HubMember {
  readonly user: { readonly id: string };
  /** `event` is the agent event the frame renders, if any (the drop-event fault may match by it). */
  send(frame: Frame, event?: AgentEvent): void;
  closeAndWait(code: number, reason: string, waitMs: number): Promise<void>;
}

export class Hub {
  readonly #connections = new Set<HubMember>();

  get count(): number {
    return this.#connections.size;
  }

  add(conn: HubMember): void {
    this.#connections.add(conn);
  }

  remove(conn: HubMember): void {
    this.#connections.delete(conn);
  }

  /** Connections that belong to a different user (who must never see `userId`'s events). */
  othersThan(userId: string): HubMember[] {
    return [...this.#connections].filter((c) => c.user.id !== userId);
  }

  /** Every open connection of `userId` (lumen sends a user's turns to all of them). */
  ofUser(userId: string): HubMember[] {
    return [...this.#connections].filter((c) => c.user.id === userId);
  }

  /** Closes every connection with `code` and waits (bounded) until the peers have answered the close. */
  async closeAll(code: number, reason: string, waitMs: number): Promise<void> {
    const all = [...this.#connections];
    await Promise.all(all.map((c) => c.closeAndWait(code, reason, waitMs)));
  }
}
