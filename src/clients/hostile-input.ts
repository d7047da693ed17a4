// Hostile input on an open session: each message must get a defined answer (an error frame, a close with a
// documented code, or — where the case allows — an answer) within a bound. A crash (F24), a hang (F25) or another
// user's data (F26) is a finding. What "defined" means comes from the profile (ws.hostileInput), with defaults.
import type { Profile } from '../../profiles/define.ts';
import { finding, withCause, type Finding } from '../diagnosis/index.ts';
import { note } from '../diagnosis/trail.ts';
import { formatSeconds } from '../format/duration.ts';
import type { Frame } from '../protocol/frames.ts';
import type { WsConnection } from './ws-connection.ts';

export interface HostileRules {
  maxFrameBytes: number;
  refusalCloseCodes: readonly number[];
  errorTypes: readonly string[];
  answerWithinMs: number;
}

/** RFC 6455: 1003 unsupported data, 1007 invalid payload, 1008 policy violation, 1009 message too big. */
export const HOSTILE_DEFAULTS: HostileRules = {
  maxFrameBytes: 65_536,
  refusalCloseCodes: [1003, 1007, 1008, 1009],
  errorTypes: [],
  answerWithinMs: 3000,
};

export function hostileRules(profile: Profile): HostileRules {
  const set = profile.ws.hostileInput ?? {};
  return {
    maxFrameBytes: set.maxFrameBytes ?? HOSTILE_DEFAULTS.maxFrameBytes,
    refusalCloseCodes: set.refusalCloseCodes ?? HOSTILE_DEFAULTS.refusalCloseCodes,
    errorTypes: set.errorTypes ?? HOSTILE_DEFAULTS.errorTypes,
    answerWithinMs: set.answerWithinMs ?? HOSTILE_DEFAULTS.answerWithinMs,
  };
}

export interface HostileCase {
  /** Names the input in messages and finding codes (`oversize-1mib`). */
  name: string;
  /** `refusal`: only an error frame or a documented close is defined; `answer`: a completed run is, too. */
  accepts: 'refusal' | 'refusal-or-answer';
  /** How many answers the input needs (one per message sent; a flood needs one each). */
  answers: number;
  /** The bound on the answer(s), from the moment the input was sent. */
  boundMs: number;
  /** Sends the input; a paced input (the flood) resolves when it has sent everything. */
  send(connection: WsConnection): void | Promise<void>;
}

export type HostileAnswer =
  | { kind: 'refused'; how: string; ms: number }
  | { kind: 'answered'; how: string; ms: number }
  | { kind: 'crash'; how: string; ms: number }
  | { kind: 'hang'; how: string; ms: number };

export interface HostileOutcome {
  answer: HostileAnswer;
  /** The frames that arrived after the input was sent. */
  frames: Frame[];
  /** Set when the answer is not a defined one: the message, with its cause line. */
  failure?: { message: string; finding: Finding };
}

/** Sends the case's input on the connection and judges what comes back within its bound. */
export async function probeHostile(
  connection: WsConnection,
  c: HostileCase,
  rules: HostileRules,
): Promise<HostileOutcome> {
  const from = connection.frames.length;
  const sentAt = performance.now();
  await c.send(connection);
  const fresh = (): Frame[] => connection.frames.slice(from);
  const count = (kinds: (f: Frame) => boolean): number => fresh().filter(kinds).length;
  const isError = (f: Frame): boolean =>
    f.kind === 'failure' || (f.type !== undefined && rules.errorTypes.includes(f.type));
  const isAnswer = (f: Frame): boolean => isError(f) || f.kind === 'completed';
  const enough = (): boolean =>
    count(c.accepts === 'refusal' ? isError : isAnswer) >= c.answers || connection.closeInfo !== undefined;
  await connection.until(Math.max(0, c.boundMs - (performance.now() - sentAt)), enough);
  const ms = performance.now() - sentAt;
  const frames = fresh();
  const close = connection.closeInfo;
  const errors = count(isError);
  const completed = count((f) => f.kind === 'completed');
  let answer: HostileAnswer;
  if (close && !rules.refusalCloseCodes.includes(close.code)) {
    const how =
      close.code === 1006
        ? 'the connection was dropped without a close frame (1006)'
        : `the connection closed ${close.code} "${close.reason}", not a documented refusal (${rules.refusalCloseCodes.join(', ')})`;
    answer = { kind: 'crash', how, ms: close.atMs + connection.startedAt - sentAt };
  } else if (close) {
    answer = {
      kind: 'refused',
      how: `close ${close.code} "${close.reason}"`,
      ms: close.atMs + connection.startedAt - sentAt,
    };
  } else if (errors + (c.accepts === 'refusal' ? 0 : completed) >= c.answers) {
    const how = [errors ? `${errors} error frame(s)` : '', completed ? `${completed} answer(s)` : '']
      .filter(Boolean)
      .join(' and ');
    answer = { kind: completed && c.accepts !== 'refusal' ? 'answered' : 'refused', how, ms };
  } else {
    const seen = c.accepts === 'refusal' ? errors : errors + completed;
    answer = {
      kind: 'hang',
      how: `${seen} of ${c.answers} answer(s) (error frame, ${c.accepts === 'refusal' ? '' : 'answer, '}or a close with ${rules.refusalCloseCodes.join('/')}) within ${formatSeconds(c.boundMs)}; ${frames.length} frame(s) in all`,
      ms,
    };
  }
  const outcome: HostileOutcome = { answer, frames };
  if (answer.kind === 'crash' || answer.kind === 'hang') {
    const cls = answer.kind === 'crash' ? 'F24' : 'F25';
    const summary = `hostile input "${c.name}": ${answer.how}${answer.kind === 'crash' ? ` at +${formatSeconds(answer.ms)}` : ''}`;
    outcome.failure = failure(cls, `hostile.${c.name}.${answer.kind}`, summary);
  }
  return outcome;
}

/** A finding made and noted where the evidence is, and its message with the cause line. */
export function failure(
  cls: 'F24' | 'F25' | 'F26',
  code: string,
  summary: string,
  evidence: string[] = [],
): { message: string; finding: Finding } {
  const f = note(finding(cls, code, summary, evidence));
  return { message: withCause(summary, f), finding: f };
}
