// One run of the agent as a session recorded it: the question, its frames, the terminal event, phase timings.
import type { LogicalEvent } from '../../profiles/define.ts';
import type { Frame } from '../protocol/frames.ts';
import type { ClientError } from './errors.ts';

export interface RunRecord {
  question: string;
  /** Monotonic instant (performance.now()) just before the question left: ws.send, or the HTTP send request. */
  sentAt: number;
  /** Frames of this run (arrival order), keep-alive excluded; frames of other runs are in `foreign`. */
  frames: Frame[];
  foreign: Frame[];
  runId?: string;
  threadId?: string;
  /** The thread the question was sent in (a follow-up's): the run must stay in it. */
  sentThreadId?: string;
  answer?: string;
  terminal: 'completed' | 'failure' | 'none';
  /** ms after sentAt: first agent event and each logical event's first arrival. */
  firstEventMs?: number;
  phaseMs: Partial<Record<LogicalEvent, number>>;
  completedMs?: number;
  error?: ClientError;
}
