// Judges a finished run: the event-sequence checker, the streaming figures, and the answer's relevance.
import type { Profile } from '../../profiles/define.ts';
import {
  checkEventSequence,
  describeToolCalls,
  describeViolations,
  type SequenceResult,
} from '../protocol/event-sequence.ts';
import { markerOf } from '../protocol/cross-user.ts';
import type { FrameReader } from '../protocol/frames.ts';
import { computeRunTiming, type RunTiming } from '../protocol/timing.ts';
import { explain } from '../diagnosis/index.ts';
import { runFact } from './evidence.ts';
import type { RunRecord } from './run-record.ts';

export interface RunAssessment {
  sequence: SequenceResult;
  timing: RunTiming;
  /** Why the answer is not relevant, or undefined when it is. */
  irrelevance: string | undefined;
  /** Readable lines for a failure message; on a clean run, the tool-call counts (the agent.events.complete note). */
  problems: string;
}

export interface AssessOptions {
  expectedUserId?: string | undefined;
  foreignRunIds?: readonly string[];
  foreignThreadIds?: readonly string[];
  relevancePattern?: string | undefined;
}

export function assessRun(run: RunRecord, reader: FrameReader, options: AssessOptions = {}): RunAssessment {
  const received = [...run.frames, ...run.foreign].sort((a, b) => a.at - b.at);
  const marker = markerOf(run.question);
  const sequence = checkEventSequence(received, reader, {
    ...(marker !== undefined ? { requestMarker: marker } : {}),
    ...(options.expectedUserId ? { expectedUserId: options.expectedUserId } : {}),
    ...(options.foreignRunIds ? { foreignRunIds: options.foreignRunIds } : {}),
    ...(options.foreignThreadIds ? { foreignThreadIds: options.foreignThreadIds } : {}),
    ...(run.sentThreadId !== undefined ? { sentThreadId: run.sentThreadId } : {}),
  });
  const timing = computeRunTiming(sequence.runFrames, reader, run.sentAt);
  const irrelevance =
    run.answer === undefined
      ? undefined
      : checkRelevance(run.answer, run.question, reader.profile, options.relevancePattern);
  const described = describeViolations(sequence.violations);
  const problems = sequence.ok
    ? `${described} (${describeToolCalls(sequence.summary.toolCalls)})`
    : explain(described, { run: runFact(run, reader, sequence.violations) });
  return { sequence, timing, irrelevance, problems };
}

/** Default: the answer quotes the question (the reference target's deterministic answer does); else a regex. */
export function checkRelevance(
  answer: string,
  question: string,
  profile: Profile,
  pattern?: string,
): string | undefined {
  if (answer.trim() === '') return 'the answer is empty';
  const rule = pattern ? { pattern } : profile.probe.relevance;
  if (rule === 'quotes') {
    return answer.includes(question)
      ? undefined
      : `the answer does not quote the question "${question}": "${clip(answer)}"`;
  }
  const re = new RegExp(rule.pattern, 'flags' in rule ? rule.flags : undefined);
  return re.test(answer) ? undefined : `the answer does not match /${rule.pattern}/: "${clip(answer)}"`;
}

function clip(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export interface ThreadContinuity {
  /** The follow-up ran in another thread than the first question (never true when unobservable). */
  broken: boolean;
  /** Why the follow-up's thread could not be observed (its events carry none), or undefined when it was. */
  notObservable: string | undefined;
  message: string;
}

/** A follow-up stays in the first run's thread; a target whose follow-up events carry no thread id cannot show it. */
export function threadContinuity(first: RunRecord, second: RunRecord): ThreadContinuity {
  if (first.threadId === undefined)
    return { broken: true, notObservable: undefined, message: 'the first run reported no thread id' };
  if (second.threadId === undefined) {
    return {
      broken: false,
      notObservable: `the follow-up's events carry no thread id; it was sent in thread ${first.threadId}`,
      message: '',
    };
  }
  const broken = second.threadId !== first.threadId;
  return {
    broken,
    notObservable: undefined,
    message: broken ? `the follow-up ran in thread ${second.threadId}, not ${first.threadId}` : '',
  };
}
