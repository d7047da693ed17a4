// The faults in force right now, plus the counters and seeded dice some of them need (cold start, races).
import { formatFaultSpec, parseFaultSpec, type FaultSet } from './fault-spec.ts';
import { streamFor } from '../seeded-random.ts';

export class FaultState {
  #set: FaultSet;
  #coldStartServed = 0;
  #raceDice: () => number;
  readonly #seed: number;

  constructor(spec: string, seed: number) {
    this.#seed = seed;
    this.#set = parseFaultSpec(spec);
    this.#raceDice = streamFor(seed, 'ws-race-1011');
  }

  get current(): FaultSet {
    return this.#set;
  }

  get spec(): string {
    return formatFaultSpec(this.#set);
  }

  /** Replaces every fault; counters and dice restart so a run-time switch behaves like a fresh start. */
  replace(spec: string): void {
    this.#set = parseFaultSpec(spec);
    this.#coldStartServed = 0;
    this.#raceDice = streamFor(this.#seed, 'ws-race-1011');
  }

  /**
   * F7: while the cold-start burst lasts, the status to answer instead of serving (503, 500, 503, …);
   * undefined once the burst is over. Each call consumes one request of the burst.
   */
  takeColdStartStatus(): 503 | 500 | undefined {
    const count = this.#set.coldStart5xxCount;
    if (count === undefined || this.#coldStartServed >= count) return undefined;
    this.#coldStartServed += 1;
    return this.#coldStartServed % 2 === 1 ? 503 : 500;
  }

  /** Same burst, for WebSocket upgrades: always 503 (the load balancer's answer while no backend is up). */
  takeColdStartUpgrade(): boolean {
    return this.takeColdStartStatus() !== undefined;
  }

  /** F3: whether this handshake loses the race (seeded, so a given seed always fails the same attempts). */
  rollRace(): boolean {
    const p = this.#set.wsRace1011Probability;
    if (p === undefined) return false;
    return this.#raceDice() < p;
  }
}
