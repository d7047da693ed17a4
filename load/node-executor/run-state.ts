// The shared state of one Node run: plan, metrics, stop signal, live sessions, and the figures progress shows.
import type { SlaTable } from '../../src/config/sla-table.ts';
import type { FrameReader } from '../../src/protocol/frames.ts';
import { M } from '../lib/metrics.ts';
import type { LoadPlan } from '../lib/plan.ts';
import type { ProblemKind } from '../lib/problems.ts';
import type { SessionListener } from '../lib/session.ts';
import type { MetricsRegistry } from './metrics-registry.ts';
import type { ActiveSessions } from './ws-session.ts';

// The summary keeps the most frequent problems; distinct texts beyond this are counted under "other".
const MAX_PROBLEMS = 50;

export interface RunState {
  plan: LoadPlan;
  reader: FrameReader;
  sla: SlaTable;
  registry: MetricsRegistry;
  signal: AbortSignal;
  active: ActiveSessions;
  /** performance.now() at the start of the scenario. */
  startedAt: number;
  vusActive: number;
  sessionsOpen: number;
  runsDone: number;
  errors: number;
  inFlight: number;
  problems: Map<string, number>;
  /** Errors and run outcomes of every session; `forSession` adds the per-session open/close accounting. */
  listener: SessionListener;
}

export function createListener(state: Omit<RunState, 'listener'>): SessionListener {
  return {
    run: () => {
      state.runsDone++;
    },
    error: (problem) => {
      state.errors++;
      // Ids, frame indexes and timings vary per session; the summary groups problems by their shape.
      const key = problem
        .replace(/[\w-]*[0-9a-f]{8,}[\w-]*/gi, '…')
        .replace(/#\d+/g, '#N')
        .replace(/\d+\.\d+/g, 'N');
      if (state.problems.has(key) || state.problems.size < MAX_PROBLEMS)
        state.problems.set(key, (state.problems.get(key) ?? 0) + 1);
      else state.problems.set('other problems', (state.problems.get('other problems') ?? 0) + 1);
    },
  };
}

/** A listener for one session: counts it open from its ready frame until it ends (ws_sessions_concurrent). */
export function forSession(state: RunState): SessionListener {
  return new SessionCounter(state);
}

// A class, not an object of arrows: one per session, and tsx's keepNames gives each named closure its own store.
class SessionCounter implements SessionListener {
  readonly #state: RunState;
  #open = false;

  constructor(state: RunState) {
    this.#state = state;
  }

  ready(): void {
    this.#open = true;
    this.#state.sessionsOpen++;
    this.#state.registry.add(M.concurrent, this.#state.sessionsOpen);
  }

  ended(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#state.sessionsOpen--;
    this.#state.registry.add(M.concurrent, this.#state.sessionsOpen);
  }

  run(good: boolean, ms: number | undefined): void {
    this.#state.listener.run?.(good, ms);
  }

  error(problem: string, kind?: ProblemKind): void {
    this.#state.listener.error?.(problem, kind);
  }
}

export function topProblems(state: RunState, max = 10): { problem: string; count: number }[] {
  return [...state.problems.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, max)
    .map(([problem, count]) => ({ problem, count }));
}
