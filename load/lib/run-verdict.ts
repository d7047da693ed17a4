// Judges one finished run for the load metrics: the shared event-sequence checker and streaming timing, then goodput.
import type { SlaId, SlaTable } from '../../src/config/sla-table.ts';
import { checkEventSequence } from '../../src/protocol/event-sequence.ts';
import type { Frame, FrameReader } from '../../src/protocol/frames.ts';
import { computeRunTiming, type RunTiming } from '../../src/protocol/timing.ts';
import { judge } from '../../src/sla/judge.ts';

export type RunEnd = 'terminal' | 'timeout' | 'closed';

export interface RunVerdict {
  /** All agent events, in order, no violation, ended by the success event (agent.events.complete). */
  complete: boolean;
  /** Complete and within every per-run SLA (golden_path.success, sla.md "Goodput"). */
  goodput: boolean;
  timing: RunTiming;
  /** login → final event, for the session's first run when it logged in. */
  e2eMs?: number;
  threadId?: string;
  /** Why the run is not good, one line (for the error sample of the summary). */
  problem?: string;
}

export interface VerdictInput {
  frames: readonly Frame[];
  sentAt: number;
  end: RunEnd;
  expectedUserId: string | undefined;
  sentThreadId: string | undefined;
  journeyStartedAt: number | undefined;
  agentTimeoutMs: number;
  /** The request marker the question carried: frames of another request are left out of this run. */
  requestMarker?: string | undefined;
}

export function judgeRun(
  input: VerdictInput,
  reader: FrameReader,
  sla: SlaTable,
  environment: string,
): RunVerdict {
  const sequence = checkEventSequence(input.frames, reader, {
    ...(input.expectedUserId !== undefined ? { expectedUserId: input.expectedUserId } : {}),
    ...(input.sentThreadId !== undefined ? { sentThreadId: input.sentThreadId } : {}),
    ...(input.requestMarker !== undefined ? { requestMarker: input.requestMarker } : {}),
  });
  const timing = computeRunTiming(sequence.runFrames, reader, input.sentAt);
  const completed = sequence.summary.terminal === 'completed' && timing.completedMs !== undefined;
  const complete = completed && sequence.ok;
  const e2eMs =
    completed && input.journeyStartedAt !== undefined
      ? input.sentAt + (timing.completedMs ?? 0) - input.journeyStartedAt
      : undefined;

  // Each per-run SLA must be met by a measured value; an unmeasured one is not met.
  const perRun: [SlaId, number | undefined][] = [
    ['agent.first_event.latency', timing.firstEventMs],
    ['agent.stream.first_token', timing.firstTokenMs],
    ['agent.stream.max_gap', timing.maxGapMs],
    ...(e2eMs !== undefined ? ([['golden_path.e2e', e2eMs]] as [SlaId, number][]) : []),
  ];
  const missed = perRun.find(
    ([id, value]) => value === undefined || !judge(sla[id], environment, value).pass,
  );

  let problem: string | undefined;
  if (input.end === 'timeout')
    problem = `no ${reader.nameOf('completed')} within ${Math.round(input.agentTimeoutMs)} ms of the question`;
  else if (input.end === 'closed' && !completed)
    problem = `connection closed before ${reader.nameOf('completed')}`;
  else if (!sequence.ok) problem = sequence.summary.firstViolation ?? 'event sequence violated';
  else if (missed)
    problem = `${missed[0]} not met (${missed[1] === undefined ? 'not measured' : `${Math.round(missed[1])}`})`;

  return {
    complete,
    goodput: complete && missed === undefined,
    timing,
    ...(e2eMs !== undefined ? { e2eMs } : {}),
    ...(sequence.summary.threadId !== undefined ? { threadId: sequence.summary.threadId } : {}),
    ...(problem !== undefined ? { problem } : {}),
  };
}
