// Judges a finished run: the event-sequence checker, the streaming figures, and the answer's relevance.
import type { Profile } from '../../profiles/define.ts';
import { checkEventSequence, describeViolations, type SequenceResult } from '../protocol/event-sequence.ts';
import type { FrameReader } from '../protocol/frames.ts';
import { computeRunTiming, type RunTiming } from '../protocol/timing.ts';
import { explain } from '../diagnosis/index.ts';
import { runFact } from '../diagnosis/collect.ts';
import type { RunRecord } from './golden-path-client.ts';

export interface RunAssessment {
  sequence: SequenceResult;
  timing: RunTiming;
  /** Why the answer is not relevant, or undefined when it is. */
  irrelevance: string | undefined;
  /** Readable lines for a failure message. */
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
  const sequence = checkEventSequence(received, reader, {
    ...(options.expectedUserId ? { expectedUserId: options.expectedUserId } : {}),
    ...(options.foreignRunIds ? { foreignRunIds: options.foreignRunIds } : {}),
    ...(options.foreignThreadIds ? { foreignThreadIds: options.foreignThreadIds } : {}),
  });
  const timing = computeRunTiming(sequence.runFrames, reader, run.sentAt);
  const irrelevance = run.answer === undefined ? undefined : checkRelevance(run.answer, run.question, reader.profile, options.relevancePattern);
  const described = describeViolations(sequence.violations);
  const problems = sequence.ok ? described : explain(described, { run: runFact(run, reader, sequence.violations) });
  return { sequence, timing, irrelevance, problems };
}

/** Default: the answer quotes the question (the reference target's deterministic answer does); else a regex. */
export function checkRelevance(answer: string, question: string, profile: Profile, pattern?: string): string | undefined {
  if (answer.trim() === '') return 'the answer is empty';
  const rule = pattern ? { pattern } : profile.probe.relevance;
  if (rule === 'quotes') {
    return answer.includes(question) ? undefined : `the answer does not quote the question "${question}": "${clip(answer)}"`;
  }
  const re = new RegExp(rule.pattern, 'flags' in rule ? rule.flags : undefined);
  return re.test(answer) ? undefined : `the answer does not match /${rule.pattern}/: "${clip(answer)}"`;
}

function clip(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
