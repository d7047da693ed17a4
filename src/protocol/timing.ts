// Streaming figures of one run, per sla.md "How streaming is timed": first event, first token, gaps, rate, spread.
import type { FrameKind, LogicalEvent } from '../../profiles/define.ts';
import type { Frame, FrameReader } from './frames.ts';

export interface RunTiming {
  /** First frame of a logical agent kind; keep-alive, acknowledgement and progress frames do not count. */
  firstEventMs?: number;
  /** First frame with non-empty answer text: a stream chunk's text, or the terminal's answer. */
  firstTokenMs?: number;
  firstReasoningMs?: number;
  /** The terminal success event's arrival, not the socket's close. */
  completedMs?: number;
  phaseMs: Partial<Record<LogicalEvent, number>>;
  /** Arrival gaps between consecutive frames of the run, from its first frame to its terminal one. */
  gapsMs: number[];
  maxGapMs?: number;
  chunkCount: number;
  /** Chunks per second between the first and the last chunk; undefined under 2 chunks or a zero span. */
  streamRatePerS?: number;
  /** Share of gaps between consecutive agent events inside the spread window; undefined under 2 events. */
  eventSpread?: number;
}

/** The window of `agent.events.spread` (sla.md): a gap under 0.1 s is a burst, over 10 s a stall. */
export const SPREAD_WINDOW_MS = { min: 100, max: 10_000 } as const;

export interface TimingOptions {
  spreadWindowMs?: { min: number; max: number };
}

const OUTSIDE_TIMELINE: ReadonlySet<FrameKind> = new Set<FrameKind>(['keepalive', 'pong', 'ready']);

/**
 * Times the frames of one run (e.g. `checkEventSequence(…).runFrames`) against the send instant, all on the
 * monotonic clock the frames were stamped with. Frames stamped before the send cannot answer it and are skipped;
 * frames after the terminal one are not part of the journey.
 */
export function computeRunTiming(
  frames: readonly Frame[],
  reader: FrameReader,
  sentAt: number,
  options: TimingOptions = {},
): RunTiming {
  const window = options.spreadWindowMs ?? SPREAD_WINDOW_MS;
  const timing: RunTiming = { phaseMs: {}, gapsMs: [], chunkCount: 0 };
  let previousAt: number | undefined;
  let previousAgentAt: number | undefined;
  const agentGaps: number[] = [];
  let firstChunkAt: number | undefined;
  let lastChunkAt: number | undefined;

  for (const frame of frames) {
    if (frame.at < sentAt) continue;
    const kind = reader.classify(frame.data);
    if (OUTSIDE_TIMELINE.has(kind)) continue;
    const since = frame.at - sentAt;
    if (previousAt !== undefined) timing.gapsMs.push(frame.at - previousAt);
    previousAt = frame.at;

    if (reader.isAgentEvent(kind)) {
      timing.firstEventMs ??= since;
      timing.phaseMs[kind] ??= since;
      if (previousAgentAt !== undefined) agentGaps.push(frame.at - previousAgentAt);
      previousAgentAt = frame.at;
    }
    if (kind === 'thinking') timing.firstReasoningMs ??= since;
    if (kind === 'stream') {
      timing.chunkCount++;
      firstChunkAt ??= frame.at;
      lastChunkAt = frame.at;
      if (nonEmpty(reader.chunkText(frame.data))) timing.firstTokenMs ??= since;
    }
    if (kind === 'completed') {
      if (nonEmpty(reader.answer(frame.data))) timing.firstTokenMs ??= since;
      timing.completedMs = since;
    }
    if (kind === 'completed' || kind === 'failure') break;
  }

  if (timing.gapsMs.length > 0) timing.maxGapMs = timing.gapsMs.reduce((a, b) => Math.max(a, b));
  // n chunks span n − 1 intervals: the first chunk opens the window rather than counting in it.
  if (
    timing.chunkCount >= 2 &&
    firstChunkAt !== undefined &&
    lastChunkAt !== undefined &&
    lastChunkAt > firstChunkAt
  ) {
    timing.streamRatePerS = (timing.chunkCount - 1) / ((lastChunkAt - firstChunkAt) / 1000);
  }
  if (agentGaps.length > 0) {
    const inWindow = agentGaps.filter((gap) => gap >= window.min && gap <= window.max).length;
    timing.eventSpread = inWindow / agentGaps.length;
  }
  return timing;
}

function nonEmpty(text: string | undefined): boolean {
  return text !== undefined && text.length > 0;
}
