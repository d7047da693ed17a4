// The monitor's loop: one run at a time on a cadence with jitter, each bounded by a deadline, each recorded; a run
// that crashed is a record, never a dead monitor. Every run is announced as a typed event (alerts, metrics subscribe).
import type { HistoryStore, RunRecord, RunState } from '../history/types.ts';

export interface MonitorRunEvent {
  /** 1, 2, … since the monitor started. */
  sequence: number;
  run: RunRecord;
  /** The state of the previous run of this monitor (or of the history), when there was one. */
  previous?: RunState;
  /** The state changed from the previous run (the first run counts as a change). */
  changed: boolean;
  /** The history could not take the record (the run still counts). */
  recordError?: string;
}

export interface MonitorOptions {
  everyMs: number;
  /** Each wait gets up to this much added at random, so monitors started together do not stay in step. */
  jitterMs: number;
  /** A run not finished by then is stopped and recorded as crashed. */
  deadlineMs: number;
  once: boolean;
  /** Runs the selection once; resolves with its record (it should stop itself at the deadline). */
  execute: (signal: AbortSignal, deadlineMs: number) => Promise<RunRecord>;
  /** The record of a run that threw or outlived its deadline. */
  crashed: (startedAt: string, reason: string) => RunRecord;
  store?: HistoryStore;
  random?: () => number;
  /** Beyond the deadline the run's own bound gets this long to stop it cleanly, before the loop gives up on it. */
  graceMs?: number;
}

export class Monitor {
  private readonly listeners = new Set<(e: MonitorRunEvent) => void>();
  private stopping = false;
  private readonly stopped = new AbortController();
  private readonly current = new AbortController();
  private running = false;
  private sequence = 0;
  private previous: RunState | undefined;

  constructor(private readonly options: MonitorOptions) {}

  /** Subscribe to every finished run; returns the unsubscribe. */
  onRun(listener: (e: MonitorRunEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Graceful: no new run starts; the one under way finishes (within its deadline) and is recorded. */
  stop(): void {
    this.stopping = true;
    this.stopped.abort();
  }

  /** Also stops the run under way (it is recorded as it ends). */
  abort(): void {
    this.stop();
    this.current.abort();
  }

  /** Runs until stopped (or once); resolves when the last run is recorded. */
  async start(): Promise<void> {
    if (this.running) throw new Error('the monitor is already running');
    this.running = true;
    try {
      if (this.options.store && this.previous === undefined) {
        const [last] = await this.options.store.runs({ kind: 'monitor', limit: 1 }).catch(() => []);
        this.previous = last?.state;
      }
      for (;;) {
        const started = Date.now();
        await this.runOne();
        if (this.options.once || this.stopping) return;
        const jitter = Math.floor((this.options.random ?? Math.random)() * this.options.jitterMs);
        // Never two at once: a run longer than the cadence is followed at once by the next, never overlapped.
        await this.wait(Math.max(0, started + this.options.everyMs - Date.now()) + jitter);
        if (this.stopping) return;
      }
    } finally {
      this.running = false;
    }
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const signal = this.stopped.signal;
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      // Removed after each wait: a monitor that runs for days adds no listener per run.
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private async runOne(): Promise<void> {
    const startedAt = new Date().toISOString();
    const { deadlineMs } = this.options;
    let timer: NodeJS.Timeout | undefined;
    const overdue = new Promise<RunRecord>((resolve) => {
      timer = setTimeout(
        () =>
          resolve(
            this.options.crashed(startedAt, `the run did not end within its deadline of ${deadlineMs} ms`),
          ),
        deadlineMs + (this.options.graceMs ?? 15_000),
      );
    });
    const run = await Promise.race([
      this.options
        .execute(this.current.signal, deadlineMs)
        .catch((error: unknown) =>
          this.options.crashed(startedAt, error instanceof Error ? error.message : String(error)),
        ),
      overdue,
    ]).finally(() => clearTimeout(timer));
    let recordError: string | undefined;
    try {
      await this.options.store?.record(run);
    } catch (error) {
      recordError = error instanceof Error ? error.message : String(error);
    }
    const event: MonitorRunEvent = {
      sequence: ++this.sequence,
      run,
      ...(this.previous !== undefined ? { previous: this.previous } : {}),
      changed: this.previous !== run.state,
      ...(recordError !== undefined ? { recordError } : {}),
    };
    this.previous = run.state;
    for (const listener of this.listeners) listener(event);
  }
}
