// A small in-process key/value cache with expiry, standing in for the product's Redis (tickets live here).

interface Entry {
  readonly value: string;
  readonly expiresAt: number;
}

export class Cache {
  readonly #entries = new Map<string, Entry>();

  set(key: string, value: string, ttlMs: number): void {
    this.#sweep();
    this.#entries.set(key, { value, expiresAt: Date.now() + ttlMs });
  }

  get(key: string): string | undefined {
    const e = this.#entries.get(key);
    if (!e) return undefined;
    if (e.expiresAt <= Date.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  /** Get and delete in one step (single-use values). */
  take(key: string): string | undefined {
    const v = this.get(key);
    this.#entries.delete(key);
    return v;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** A set/get round trip; returns whether the value came back. */
  ping(): boolean {
    const key = `__ping:${Math.random()}`;
    this.set(key, 'pong', 1000);
    return this.take(key) === 'pong';
  }

  #sweep(): void {
    if (this.#entries.size < 1000) return;
    const now = Date.now();
    for (const [k, e] of this.#entries) if (e.expiresAt <= now) this.#entries.delete(k);
  }
}
