// A simulated database connection pool for the thread store: real async connects, real timings, F8 slowness.
import { setTimeout as sleep } from 'node:timers/promises';
import { DatabaseUnavailableError } from '../errors.ts';

/** What a healthy connect costs here; the pool is simulated, the waiting is real. */
const CONNECT_COST_MS = 2;
export const POOL_SIZE = 10;

export interface Lease {
  release(): void;
}

export class DbPool {
  readonly #slowMs: () => number | undefined;
  #open = 0;
  #inUse = 0;
  readonly #waiters: (() => void)[] = [];
  #lastConnectMs = 0;

  /** `slowMs` is read on every connect, so the F8 fault can be switched at run time. */
  constructor(slowMs: () => number | undefined) {
    this.#slowMs = slowMs;
  }

  /** In-use connections as a percentage of the pool (what the infrastructure endpoint reports). */
  get utilizationPercent(): number {
    return Math.round((this.#inUse / POOL_SIZE) * 1000) / 10;
  }

  get inUse(): number {
    return this.#inUse;
  }

  get lastConnectMs(): number {
    return this.#lastConnectMs;
  }

  /** Opens a fresh connection outside the pool and returns how long it took (a health probe's view). */
  async probeConnect(): Promise<number> {
    return this.#connect();
  }

  /** Takes a pooled connection (connecting if none is idle); throws DatabaseUnavailableError under F8. */
  async acquire(): Promise<Lease> {
    while (this.#inUse >= POOL_SIZE) {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    this.#inUse += 1;
    try {
      if (this.#inUse > this.#open || this.#slowMs() !== undefined) {
        await this.#connect();
        this.#open = Math.max(this.#open, this.#inUse);
      }
    } catch (err) {
      this.#releaseOne();
      throw err;
    }
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.#releaseOne();
      },
    };
  }

  async withConnection<T>(work: () => T | Promise<T>): Promise<T> {
    const lease = await this.acquire();
    try {
      return await work();
    } finally {
      lease.release();
    }
  }

  #releaseOne(): void {
    this.#inUse -= 1;
    this.#waiters.shift()?.();
  }

  /** F8: a degraded database makes the connect hang for the fault's time and then time out. */
  async #connect(): Promise<number> {
    const started = performance.now();
    const slow = this.#slowMs();
    if (slow !== undefined) {
      await sleep(slow);
      this.#lastConnectMs = performance.now() - started;
      throw new DatabaseUnavailableError(this.#lastConnectMs);
    }
    await sleep(CONNECT_COST_MS);
    this.#lastConnectMs = performance.now() - started;
    return this.#lastConnectMs;
  }
}
