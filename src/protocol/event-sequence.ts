// Judges one run's frames against the profile: order, completeness, fields, ids, isolation and timestamps.
import type { LogicalEvent } from '../../profiles/define.ts';
import { LOGICAL_EVENTS, type Frame, type FrameReader } from './frames.ts';
import { RunTracker, type RunTrackerOptions, type TrackedFrame } from './run-tracker.ts';
import { redactText } from './redaction.ts';

/** Stable codes, one per rule of the contract's event stream. */
// prettier-ignore
export const VIOLATION_RULES = [
  'missing-event', 'out-of-order', 'duplicate-start', 'duplicate-terminal', 'duplicate-event', 'missing-field',
  'inconsistent-id', 'foreign-user', 'foreign-run', 'timestamp-decreasing', 'duplicate-event-id', 'agent-error',
  'unknown-type', 'event-after-terminal', 'unpaired-tool-call', 'missing-thread-id', 'thread-not-kept',
] as const;
export type ViolationRule = (typeof VIOLATION_RULES)[number];

export interface Violation {
  rule: ViolationRule;
  /** Index of the offending frame in the input; undefined when no frame is at fault (a missing event). */
  index: number | undefined;
  message: string;
}

/** Whose run it is (the expected user, other users' ids) as the tracker takes it, and how strict to be. */
export interface SequenceOptions extends Omit<RunTrackerOptions, 'known'> {
  /** false: a run cut short is judged on what arrived, without 'missing-event'. Default true. */
  requireComplete?: boolean;
  /** The thread the question was sent in (a follow-up's): the run's frames must name it, or none. */
  sentThreadId?: string;
}

/** Tool calls of the run (before its terminal event): how many started, completed, and were paired. */
export interface ToolCallCounts {
  started: number;
  completed: number;
  paired: number;
}

export interface SequenceSummary {
  eventsSeen: Record<LogicalEvent, number>;
  runId?: string;
  threadId?: string;
  userId?: string;
  terminal: 'completed' | 'failure' | 'none';
  firstViolation?: string;
  /** Frames of another run of the same user on the connection, left out of this run. */
  otherRunFrames: number;
  toolCalls: ToolCallCounts;
}

export interface SequenceResult {
  ok: boolean;
  violations: Violation[];
  summary: SequenceSummary;
  /** The frames judged to belong to the run, in arrival order (what the timing figures are computed on). */
  runFrames: Frame[];
}

interface Item extends TrackedFrame {
  type: string | undefined;
  /** How messages name the frame: its type as received, else its logical name. */
  name: string;
}

export function checkEventSequence(
  frames: readonly Frame[],
  reader: FrameReader,
  options: SequenceOptions = {},
): SequenceResult {
  const events = reader.profile.events;
  const violations: Violation[] = [];
  const flag = (rule: ViolationRule, it: Item | undefined, text: string): void => {
    violations.push({ rule, index: it?.index, message: it ? `${it.name} at #${it.index}${text}` : text });
  };
  const name = (event: LogicalEvent): string => reader.nameOf(event);

  const tracker = new RunTracker(reader, options);
  for (const frame of frames) tracker.accept(frame);
  const items = new Map<TrackedFrame, Item>();
  for (const t of tracker.frames) {
    if (t.role === 'keepalive') continue;
    const type = reader.typeOf(t.frame.data);
    const fallback = reader.isAgentEvent(t.kind)
      ? name(t.kind)
      : t.kind === 'other'
        ? 'untyped frame'
        : t.kind;
    items.set(t, { ...t, type, name: type ?? fallback });
  }
  const item = (t: TrackedFrame): Item => items.get(t) as Item;

  const unknownTypes = new Set<string | undefined>();
  for (const it of items.values()) {
    if (it.kind !== 'other' || reader.knows(it.type) || unknownTypes.has(it.type)) continue;
    unknownTypes.add(it.type);
    const unknown = ` is a type unknown to profile ${reader.profile.name}`;
    flag('unknown-type', it, it.type === undefined ? ' has no type' : unknown);
  }

  const members: Item[] = [];
  for (const it of items.values()) {
    const foreign = it.foreign;
    if (foreign?.field === 'userId') {
      flag('foreign-user', it, ` is for user ${foreign.seen}, not the expected ${foreign.expected}`);
    } else if (foreign) {
      const word = foreign.field === 'runId' ? 'run' : 'thread';
      const own = `this run's ${word}: ${foreign.expected ?? 'unknown'}`;
      flag('foreign-run', it, ` carries ${word} ${foreign.seen} of another user's run (${own})`);
    }
    for (const m of it.inconsistent)
      flag('inconsistent-id', it, ` carries ${m.field} ${m.seen}, the run's is ${m.expected}`);
    if (it.role === 'run' || it.role === 'terminal' || it.role === 'after-terminal') members.push(it);
  }

  const eventsSeen = Object.fromEntries(LOGICAL_EVENTS.map((e) => [e, 0])) as Record<LogicalEvent, number>;
  const eventIds = new Map<string, Item>();
  const terminal = tracker.terminal && item(tracker.terminal);
  let lastStamp: { ms: number; item: Item } | undefined;
  const stamp = (it: Item): string => String(reader.read(it.frame.data, 'timestamp'));

  for (const it of members) {
    const data = it.frame.data;
    const logical = reader.isAgentEvent(it.kind) ? it.kind : undefined;
    if (logical) eventsSeen[logical]++;
    const eventId = reader.id(data, 'eventId');
    const sameId = eventId === undefined ? undefined : eventIds.get(eventId);
    if (sameId)
      flag('duplicate-event-id', it, ` repeats event id ${eventId} of ${sameId.name} at #${sameId.index}`);
    else if (eventId !== undefined) eventIds.set(eventId, it);
    // Only agent events: stream chunks may be stamped by another component, at another resolution.
    const ms = logical || it.kind === 'failure' ? reader.timestampMs(data) : undefined;
    if (ms !== undefined) {
      if (lastStamp && decreased(lastStamp.ms, ms)) {
        const before = lastStamp.item;
        const text = ` is stamped ${stamp(it)}, before ${before.name} at #${before.index} (${stamp(before)})`;
        flag('timestamp-decreasing', it, text);
      }
      lastStamp = { ms, item: it };
    }

    if (it.role === 'after-terminal' && terminal) {
      const ended = ` the run ended with ${terminal.name} at #${terminal.index}`;
      if (it.kind === 'failure')
        flag('duplicate-terminal', it, ` after${ended}: ${failureText(data, reader)}`);
      else if (it.kind === 'completed') flag('duplicate-terminal', it, ` after${ended}`);
      else flag('event-after-terminal', it, ` arrived after${ended}`);
      continue;
    }
    if (it.kind === 'failure') {
      flag('agent-error', it, `: ${failureText(data, reader)}`);
      continue;
    }
    if (logical) {
      for (const field of events.required[logical]) {
        const value = reader.read(data, field);
        const paths = events.fields[field].join(' | ') || 'no path in the profile';
        if (value === undefined || value === '') flag('missing-field', it, ` lacks ${field} (${paths})`);
      }
      const first = tracker.first(logical);
      if (first && first.index !== it.index && !events.repeatable.includes(logical)) {
        const rule = logical === 'started' ? 'duplicate-start' : 'duplicate-event';
        flag(rule, it, ` repeated (first at #${first.index})`);
      }
    }
  }

  for (const { frame, before } of tracker.outOfOrder()) {
    flag('out-of-order', item(frame), ` arrived before ${item(before).name} (#${before.index})`);
  }

  const threadId = tracker.id('threadId');
  const sent = options.sentThreadId;
  if (events.threads && terminal?.kind === 'completed' && threadId === undefined && sent === undefined) {
    const paths = events.fields.threadId.join(' | ');
    flag('missing-thread-id', undefined, `no frame of the run carries a thread id (${paths})`);
  }
  if (sent !== undefined && threadId !== undefined && threadId !== sent)
    flag(
      'thread-not-kept',
      undefined,
      `the question was sent in thread ${sent}, the run is in thread ${threadId}`,
    );

  // A failure is the cause; listing the events it pre-empted would only bury it.
  if ((options.requireComplete ?? true) && terminal?.kind !== 'failure') {
    const firstAnywhere = (e: LogicalEvent): TrackedFrame | undefined => tracker.first(e, true);
    events.order.forEach((event, position) => {
      if (firstAnywhere(event)) return;
      const seen = (e: LogicalEvent): boolean => firstAnywhere(e) !== undefined;
      const before = events.order.slice(0, position).reverse().find(seen);
      const after = events.order.slice(position + 1).find(seen);
      const neighbour = before ?? after;
      const where = neighbour
        ? `${before ? 'after' : 'before'} ${name(neighbour)} (event #${firstAnywhere(neighbour)?.index})`
        : '(no event of the run arrived)';
      flag('missing-event', undefined, `missing ${name(event)} ${where}`);
    });
  }

  // Every completion answers a start, and every start is answered before the run ends. A failure, a missing or
  // misordered event is the cause of an unpaired call: reported alone, not buried under its consequences.
  const ordered = !violations.some((v) => v.rule === 'missing-event' || v.rule === 'out-of-order');
  const pairing = terminal && terminal.kind !== 'failure' ? terminal : undefined;
  if (ordered)
    for (const call of tracker.toolCalls) {
      const tool = `${call.name ?? 'unnamed tool'}${call.id === undefined ? '' : ` (call ${call.id})`}`;
      if (call.end && !call.start)
        flag('unpaired-tool-call', item(call.end), ` completes ${tool}, never started`);
      else if (call.start && !call.end && pairing) {
        const text = ` starts ${tool}, not completed before ${pairing.name} at #${pairing.index}`;
        flag('unpaired-tool-call', item(call.start), text);
      }
    }
  violations.sort((a, b) => (a.index ?? Infinity) - (b.index ?? Infinity));
  const runId = tracker.id('runId');
  const calls = tracker.toolCalls;
  const summary: SequenceSummary = {
    eventsSeen,
    ...(runId !== undefined && { runId }),
    ...(threadId !== undefined && { threadId }),
    ...(tracker.userId !== undefined && { userId: tracker.userId }),
    terminal: tracker.outcome,
    ...(violations[0] && { firstViolation: violations[0].message }),
    otherRunFrames: tracker.otherRunFrames,
    toolCalls: {
      started: calls.filter((c) => c.start).length,
      completed: calls.filter((c) => c.end).length,
      paired: calls.filter((c) => c.start && c.end).length,
    },
  };
  return { ok: violations.length === 0, violations, summary, runFrames: members.map((it) => it.frame) };
}

/** Timestamps of second resolution compare by the second: events within one second may share it. */
function decreased(previousMs: number, ms: number): boolean {
  if (ms >= previousMs) return false;
  if (previousMs % 1000 === 0 || ms % 1000 === 0)
    return Math.floor(ms / 1000) < Math.floor(previousMs / 1000);
  return true;
}

/** The failure's own words: its strings other than type and ids (the profile names no message field). */
function failureText(data: unknown, reader: FrameReader): string {
  const known = new Set<string | undefined>([reader.typeOf(data)]);
  for (const f of ['runId', 'threadId', 'userId', 'eventId', 'timestamp'] as const)
    known.add(reader.id(data, f));
  const texts: string[] = [];
  const walk = (value: unknown, depth: number): void => {
    if (texts.length >= 3) return;
    if (typeof value === 'string') {
      if (value !== '' && !known.has(value)) texts.push(value);
    } else if (depth < 3 && value !== null && typeof value === 'object') {
      for (const inner of Object.values(value)) walk(inner, depth + 1);
    }
  };
  walk(data, 0);
  // Redacted before it is clipped: a clipped token no longer looks like one.
  const text = redactText(texts.join('; '));
  if (text === '') return 'no message';
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/** The run's tool-call counts as the ledger notes them. */
export function describeToolCalls(c: ToolCallCounts): string {
  return `tool calls: ${c.started} started, ${c.completed} completed, ${c.paired} paired`;
}

/** One line per violation, at most `max`, then how many more. */
export function describeViolations(violations: readonly Violation[], max = 10): string {
  if (violations.length === 0) return 'no violations';
  const lines = violations.slice(0, max).map((v) => `[${v.rule}] ${v.message}`);
  if (violations.length > max) lines.push(`+${violations.length - max} more`);
  return lines.join('\n');
}
