// A run judged against its own history: regressions of its SLAs beyond the tolerance, and checks newly flaky.
import { baselineOf, comparableKinds, regressionOf, type Baseline, type Regression } from './baseline.ts';
import { newFlakes, type FlakeJudgement } from './flakes.ts';
import type { CheckRecord, HistoryStore, RunKind, SlaRecord } from './types.ts';

export interface HistoryJudgementInput {
  environment: string;
  kind: RunKind;
  slas: readonly SlaRecord[];
  checks: readonly CheckRecord[];
  /** No baseline: regressions are not judged (only flakes). */
  baseline?: Baseline;
  tolerance: number;
  /** Earlier runs a check must have passed cleanly for its flake now to be new. */
  flakeWindow: number;
  now?: Date;
}

export interface HistoryJudgement {
  regressions: Regression[];
  flakes: FlakeJudgement;
  /** SLAs with nothing in the history to compare with (the first runs of a store). */
  noBaseline: string[];
}

/** Reads the store before this run is recorded: the run is never its own baseline. */
export async function judgeAgainstHistory(
  store: HistoryStore,
  input: HistoryJudgementInput,
): Promise<HistoryJudgement> {
  const now = input.now ?? new Date();
  const kinds = comparableKinds(input.kind);
  const regressions: Regression[] = [];
  const noBaseline: string[] = [];
  if (input.baseline) {
    const since =
      input.baseline.kind === 'median'
        ? new Date(now.getTime() - input.baseline.days * 86_400_000)
        : undefined;
    for (const sla of input.slas) {
      const points = await store.series(sla.id, {
        environment: input.environment,
        kind: kinds,
        ...(since ? { since } : {}),
      });
      const base = baselineOf(points, input.baseline, now);
      if (!base) noBaseline.push(sla.id);
      const r = regressionOf(sla, input.environment, base, input.tolerance);
      if (r) regressions.push(r);
    }
  }
  const flaky = input.checks.some((c) => c.state === 'flaky');
  // A check is not in every run (selections differ): read further back than the window.
  const earlier = flaky
    ? await store.runs({ environment: input.environment, kind: kinds, limit: input.flakeWindow * 5 })
    : [];
  return {
    regressions,
    flakes: newFlakes(input.checks, earlier, input.flakeWindow, input.environment),
    noBaseline,
  };
}
