// Reconnecting after the connection went (a network drop, a restart): tried again, backing off, until a deadline;
// the time to a ready socket measured. No reconnect by the deadline is F29, with every attempt's outcome.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { finding, FindingError } from '../diagnosis/finding.ts';
import { withCause } from '../diagnosis/render.ts';
import { note } from '../diagnosis/trail.ts';
import type { FrameReader } from '../protocol/frames.ts';
import type { RunRecord } from './run-record.ts';

export interface Reconnected<S> {
  session: S;
  /** From `since` (the drop) to a ready socket, on the monotonic clock. */
  ms: number;
  attempts: number;
}

const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 1000;

/** Opens until one attempt succeeds or `deadlineMs` after `since` has passed; throws a FindingError (F29) then. */
export async function reconnect<S>(
  open: () => Promise<S>,
  options: { since: number; deadlineMs: number; after: string },
): Promise<Reconnected<S>> {
  const outcomes: string[] = [];
  let backoff = FIRST_BACKOFF_MS;
  for (;;) {
    try {
      const session = await open();
      return { session, ms: performance.now() - options.since, attempts: outcomes.length + 1 };
    } catch (error) {
      const line = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
      outcomes.push(`attempt ${outcomes.length + 1}: ${line}`);
    }
    const left = options.since + options.deadlineMs - performance.now();
    if (left <= 0) break;
    await sleep(Math.min(backoff, left));
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  }
  const summary = `no reconnect within ${options.deadlineMs} ms after ${options.after}: ${outcomes.length} attempt(s) refused or failed, last: ${outcomes.at(-1) ?? 'none'}`;
  const f = note(finding('F29', 'ws.reconnect.failed', summary, outcomes.slice(-5)));
  throw new FindingError(withCause(summary, f), f);
}

/**
 * What of a dropped run shows up in the answer after the reconnect: its frames replayed, or the same run id. The
 * product resumes nothing, so a fresh answer has none (a product with a resume contract would declare it).
 */
export function leftoversOf(dropped: RunRecord, fresh: RunRecord, reader: FrameReader): string[] {
  const old = dropped.runId;
  if (old === undefined) return [];
  const replayed = [...fresh.frames, ...fresh.foreign].filter((f) => reader.id(f.data, 'runId') === old);
  return [
    ...(fresh.runId === old ? [`the fresh answer carries the dropped run's id ${old}`] : []),
    ...replayed.map((f) => `a ${f.type ?? f.kind} frame of the dropped run ${old}`),
  ];
}
