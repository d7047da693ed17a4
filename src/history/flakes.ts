// Flakiness from the run history (pure): a check is flaky in a run when it passed only on a retry, or when it failed
// once between two passes (it alternates); its flake rate is that share of its last N runs.
import { finding, type Finding } from '../diagnosis/finding.ts';
import type { CheckRecord, CheckState, RunRecord } from './types.ts';

/** States that say something about the check (n/a and skipped runs are not counted). */
const COUNTED: ReadonlySet<CheckState> = new Set(['passed', 'flaky', 'failed']);

/** Per state (newest first): was the check flaky in that run? An outage (failures in a row) is not a flake. */
export function flakeMarks(states: readonly CheckState[]): boolean[] {
  return states.map((s, i) => {
    if (s === 'flaky') return true;
    if (s !== 'failed') return false;
    const newer = states[i - 1];
    const older = states[i + 1];
    const ok = (x: CheckState | undefined): boolean => x === 'passed' || x === 'flaky';
    return ok(newer) && ok(older);
  });
}

export interface FlakeStat {
  name: string;
  /** Runs counted (the last N in which the check passed, failed or was flaky). */
  runs: number;
  flakes: number;
  rate: number;
  /** Newest first, as letters: P passed, F failed, R passed on a retry. */
  strip: string;
}

const LETTER: Record<string, string> = { passed: 'P', failed: 'F', flaky: 'R' };

/** Every check of the runs (newest first), with its flake rate over its last `window` counted runs, flakiest first. */
export function flakeStats(runs: readonly RunRecord[], window: number): FlakeStat[] {
  const byName = new Map<string, CheckState[]>();
  for (const run of runs)
    for (const c of run.checks)
      if (COUNTED.has(c.state)) byName.set(c.name, [...(byName.get(c.name) ?? []), c.state]);
  return [...byName.entries()]
    .map(([name, all]) => {
      const states = all.slice(0, window);
      const flakes = flakeMarks(states).filter(Boolean).length;
      return {
        name,
        runs: states.length,
        flakes,
        rate: states.length > 0 ? flakes / states.length : 0,
        strip: states.map((s) => LETTER[s] ?? '?').join(''),
      };
    })
    .sort((a, b) => b.rate - a.rate || b.flakes - a.flakes || a.name.localeCompare(b.name));
}

export interface FlakeJudgement {
  /** Flaky now, and in each of its last `window` earlier runs it passed cleanly: a reason not to ship. */
  fresh: Array<{ name: string; line: string; finding: Finding }>;
  /** Flaky now, with too short a history to say it is new: reported, not blocking. */
  unknown: string[];
}

/** The checks flaky in this run, judged against their earlier runs (newest first, this run not among them). */
export function newFlakes(
  current: readonly CheckRecord[],
  earlier: readonly RunRecord[],
  window: number,
  environment: string,
): FlakeJudgement {
  const out: FlakeJudgement = { fresh: [], unknown: [] };
  for (const c of current.filter((x) => x.state === 'flaky')) {
    const states = earlier
      .map((r) => r.checks.find((x) => x.name === c.name)?.state)
      .filter((s): s is CheckState => s !== undefined && COUNTED.has(s))
      .slice(0, window);
    if (states.length < window) {
      out.unknown.push(
        `flaky now, history too short to call it new (${states.length} of ${window} runs recorded): ${c.name}`,
      );
      continue;
    }
    if (states.some((s) => s !== 'passed')) continue;
    const line = `new flake: ${c.name} passed only on retry ${c.retries}, after passing cleanly in its last ${window} runs on ${environment}`;
    out.fresh.push({
      name: c.name,
      line,
      finding: finding('F38', 'flake.new', line, [
        ...(c.finding ? [`first attempt: ${c.finding.class} ${c.finding.code}: ${c.finding.summary}`] : []),
        `last ${window} runs: ${'P'.repeat(window)}`,
      ]),
    });
  }
  return out;
}
