// The one timer a load session runs on, set for the driver's next wake-up; k6 and the Node executor lend their timers.
import type { SessionDriver } from './session.ts';

export interface Timers<H> {
  setTimeout(callback: () => void, ms: number): H;
  clearTimeout(handle: H): void;
}

export class WakeTimer<H> {
  readonly #driver: SessionDriver;
  readonly #now: () => number;
  readonly #timers: Timers<H>;
  readonly #over: () => void;
  #handle: H | undefined;

  /** `now` is the adapter's clock (the driver's); `over` runs whenever arm() finds the driver done. */
  constructor(driver: SessionDriver, now: () => number, timers: Timers<H>, over: () => void) {
    this.#driver = driver;
    this.#now = now;
    this.#timers = timers;
    this.#over = over;
  }

  /** After every event the driver saw: one timer for its next wake-up, or `over` when it is done. */
  arm(): void {
    this.clear();
    if (this.#driver.done) return this.#over();
    const wait = this.#driver.wakeAt - this.#now();
    if (!Number.isFinite(wait)) return;
    this.#handle = this.#timers.setTimeout(
      () => {
        this.#handle = undefined;
        this.#driver.tick(this.#now());
        this.arm();
      },
      Math.max(0, Math.ceil(wait)),
    );
  }

  clear(): void {
    if (this.#handle !== undefined) this.#timers.clearTimeout(this.#handle);
    this.#handle = undefined;
  }
}
