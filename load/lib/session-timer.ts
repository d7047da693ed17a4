// The one timer a load session runs on, set for the driver's next wake-up; k6 and the Node executor lend their timers.
import type { SessionDriver } from './session.ts';

/** An engine's clock (the driver's times) and its timers. */
export interface Clock<H> {
  readonly now: () => number;
  // Function-typed properties: WakeTimer calls the engines' own functions unbound, as they expect.
  readonly setTimeout: (callback: () => void, ms: number) => H;
  readonly clearTimeout: (handle: H) => void;
}

export class WakeTimer<H> {
  readonly #driver: SessionDriver;
  readonly #clock: Clock<H>;
  readonly #over: () => void;
  #handle: H | undefined;

  /** `over` runs whenever arm() finds the driver done. */
  constructor(driver: SessionDriver, clock: Clock<H>, over: () => void) {
    this.#driver = driver;
    this.#clock = clock;
    this.#over = over;
  }

  /** After every event the driver saw: one timer for its next wake-up, or `over` when it is done. */
  arm(): void {
    this.clear();
    if (this.#driver.done) return this.#over();
    const wait = this.#driver.wakeAt - this.#clock.now();
    if (!Number.isFinite(wait)) return;
    const { setTimeout } = this.#clock;
    this.#handle = setTimeout(
      () => {
        this.#handle = undefined;
        this.#driver.tick(this.#clock.now());
        this.arm();
      },
      Math.max(0, Math.ceil(wait)),
    );
  }

  clear(): void {
    const { clearTimeout } = this.#clock;
    if (this.#handle !== undefined) clearTimeout(this.#handle);
    this.#handle = undefined;
  }
}
