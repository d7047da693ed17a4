// Judges one run's frames against the profile: order, completeness, fields, ids, isolation and timestamps.
import type { EventField, FrameKind, LogicalEvent } from '../../profiles/define.ts';
import { LOGICAL_EVENTS, type Frame, type FrameReader } from './frames.ts';

/** Stable codes, one per rule of the contract's event stream. */
// prettier-ignore
export const VIOLATION_RULES = [
  'missing-event', 'out-of-order', 'duplicate-start', 'duplicate-terminal', 'duplicate-event', 'missing-field',
  'inconsistent-id', 'foreign-user', 'foreign-run', 'timestamp-decreasing', 'duplicate-event-id', 'agent-error',
  'unknown-type', 'event-after-terminal',
] as const;
export type ViolationRule = (typeof VIOLATION_RULES)[number];

export interface Violation {
  rule: ViolationRule;
  /** Index of the offending frame in the input; undefined when no frame is at fault (a missing event). */
  index: number | undefined;
  message: string;
}

export type UserIdMatch = 'exact' | 'prefix' | 'none';

export interface SequenceOptions {
  expectedUserId?: string;
  /** Defaults to the profile's ready-frame rule. */
  userIdMatch?: UserIdMatch;
  /** Ids the other user's runs produced: any frame carrying one is a leak. */
  foreignRunIds?: readonly string[];
  foreignThreadIds?: readonly string[];
  /** false: a run cut short is judged on what arrived, without 'missing-event'. Default true. */
  requireComplete?: boolean;
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
}

export interface SequenceResult {
  ok: boolean;
  violations: Violation[];
  summary: SequenceSummary;
  /** The frames judged to belong to the run, in arrival order (what the timing figures are computed on). */
  runFrames: Frame[];
}

interface Item {
  index: number;
  frame: Frame;
  kind: FrameKind;
  type: string | undefined;
  /** How messages name the frame: its type as received, else its logical name. */
  name: string;
}

// Frames that never enter a run's timeline.
const OUTSIDE_TIMELINE: ReadonlySet<FrameKind> = new Set<FrameKind>(['keepalive', 'pong', 'ready']);

const ELLIPSIS = /(\.\.\.|…)$/;

/** Compares user ids; `prefix` serves targets that truncate ids (`abcdefgh...`), in either direction. */
export function userIdMatches(seen: string, expected: string, mode: UserIdMatch): boolean {
  if (mode === 'none' || seen === expected) return true;
  if (mode === 'exact') return false;
  const a = seen.replace(ELLIPSIS, '');
  const b = expected.replace(ELLIPSIS, '');
  return a !== '' && b !== '' && (a.startsWith(b) || b.startsWith(a));
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

  const items: Item[] = [];
  frames.forEach((frame, index) => {
    const kind = reader.classify(frame.data);
    if (OUTSIDE_TIMELINE.has(kind)) return;
    const type = reader.typeOf(frame.data);
    const fallback = reader.isAgentEvent(kind) ? name(kind) : kind === 'other' ? 'untyped frame' : kind;
    items.push({ index, frame, kind, type, name: type ?? fallback });
  });

  const unknownTypes = new Set<string | undefined>();
  for (const it of items) {
    if (it.kind !== 'other' || reader.knows(it.type) || unknownTypes.has(it.type)) continue;
    unknownTypes.add(it.type);
    const unknown = ` is a type unknown to profile ${reader.profile.name}`;
    flag('unknown-type', it, it.type === undefined ? ' has no type' : unknown);
  }

  const run = attribute(items, reader, options, flag);
  const members = run.members;
  const eventsSeen = Object.fromEntries(LOGICAL_EVENTS.map((e) => [e, 0])) as Record<LogicalEvent, number>;
  const firstBeforeEnd = new Map<LogicalEvent, Item>();
  const firstAnywhere = new Map<LogicalEvent, Item>();
  const eventIds = new Map<string, Item>();
  let terminal: Item | undefined;
  let lastStamp: { ms: number; item: Item } | undefined;
  let firstOptional: Item | undefined;
  const stamp = (it: Item): string => String(reader.read(it.frame.data, 'timestamp'));

  for (const it of members) {
    const data = it.frame.data;
    const logical = reader.isAgentEvent(it.kind) ? it.kind : undefined;
    if (logical) {
      eventsSeen[logical]++;
      if (!firstAnywhere.has(logical)) firstAnywhere.set(logical, it);
    }
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

    if (terminal) {
      const ended = ` the run ended with ${terminal.name} at #${terminal.index}`;
      if (it.kind === 'failure')
        flag('duplicate-terminal', it, ` after${ended}: ${failureText(data, reader)}`);
      else if (it.kind === 'completed') flag('duplicate-terminal', it, ` after${ended}`);
      else flag('event-after-terminal', it, ` arrived after${ended}`);
      continue;
    }
    if (it.kind === 'failure') {
      terminal = it;
      flag('agent-error', it, `: ${failureText(data, reader)}`);
      continue;
    }
    if (logical) {
      for (const field of events.required[logical]) {
        const value = reader.read(data, field);
        const paths = events.fields[field].join(' | ') || 'no path in the profile';
        if (value === undefined || value === '') flag('missing-field', it, ` lacks ${field} (${paths})`);
      }
      const first = firstBeforeEnd.get(logical);
      if (!first) firstBeforeEnd.set(logical, it);
      else if (!events.repeatable.includes(logical)) {
        const rule = logical === 'started' ? 'duplicate-start' : 'duplicate-event';
        flag(rule, it, ` repeated (first at #${first.index})`);
      }
      if (logical === 'completed') terminal = it;
    }
    if (it.kind === 'stream' || (logical && !events.order.includes(logical))) firstOptional ??= it;
  }

  // Each ordered event's first occurrence must follow the previous present one's; repeats may come later.
  let previous: Item | undefined;
  for (const event of events.order) {
    const first = firstBeforeEnd.get(event);
    if (!first) continue;
    if (previous && first.index < previous.index) {
      flag('out-of-order', first, ` arrived before ${previous.name} (#${previous.index})`);
    } else previous = first;
  }
  // Streaming and other optional events belong after the opening event (known metadata frames, `otherTypes`,
  // may precede it: products announce a new thread before starting the run).
  const opening = events.order[0] && firstBeforeEnd.get(events.order[0]);
  if (opening && firstOptional && firstOptional.index < opening.index) {
    flag('out-of-order', firstOptional, ` arrived before ${opening.name} (#${opening.index})`);
  }

  // A failure is the cause; listing the events it pre-empted would only bury it.
  if ((options.requireComplete ?? true) && terminal?.kind !== 'failure') {
    events.order.forEach((event, position) => {
      if (firstAnywhere.has(event)) return;
      const seen = (e: LogicalEvent): boolean => firstAnywhere.has(e);
      const before = events.order.slice(0, position).reverse().find(seen);
      const after = events.order.slice(position + 1).find(seen);
      const neighbour = before ?? after;
      const where = neighbour
        ? `${before ? 'after' : 'before'} ${name(neighbour)} (event #${firstAnywhere.get(neighbour)?.index})`
        : '(no event of the run arrived)';
      flag('missing-event', undefined, `missing ${name(event)} ${where}`);
    });
  }

  violations.sort((a, b) => (a.index ?? Infinity) - (b.index ?? Infinity));
  const summary: SequenceSummary = {
    eventsSeen,
    ...(run.ids.runId !== undefined && { runId: run.ids.runId }),
    ...(run.ids.threadId !== undefined && { threadId: run.ids.threadId }),
    ...(run.userId !== undefined && { userId: run.userId }),
    terminal: !terminal ? 'none' : terminal.kind === 'failure' ? 'failure' : 'completed',
    ...(violations[0] && { firstViolation: violations[0].message }),
    otherRunFrames: run.otherRunFrames,
  };
  return { ok: violations.length === 0, violations, summary, runFrames: members.map((it) => it.frame) };
}

type Flag = (rule: ViolationRule, it: Item | undefined, text: string) => void;

/**
 * Sorts the frames into this run's, another user's (a leak) and another run's of the same user (left out).
 * The run is the one the first start event names, since a stray frame of another run may come first.
 */
function attribute(items: readonly Item[], reader: FrameReader, options: SequenceOptions, flag: Flag) {
  const userMatch = options.userIdMatch ?? reader.profile.ws.ready.userIdMatch;
  const foreignRuns = new Set(options.foreignRunIds ?? []);
  const foreignThreads = new Set(options.foreignThreadIds ?? []);
  // Correlation fields first (the profile's preference), then the other run-level ids it may carry.
  const runIdFields = [
    ...new Set<EventField>([...reader.profile.events.correlation, 'runId', 'threadId']),
  ].filter((f) => f !== 'userId');
  const idOf = (it: Item, field: EventField): string | undefined => reader.id(it.frame.data, field);

  const expectedUser = options.expectedUserId;
  const foreignness = (it: Item): 'user' | 'run' | 'thread' | undefined => {
    const user = idOf(it, 'userId');
    if (expectedUser !== undefined && user !== undefined && !userIdMatches(user, expectedUser, userMatch)) {
      return 'user';
    }
    if (foreignRuns.has(idOf(it, 'runId') ?? '')) return 'run';
    return foreignThreads.has(idOf(it, 'threadId') ?? '') ? 'thread' : undefined;
  };
  const candidates = items.filter((it) => foreignness(it) === undefined);
  const hasId = (it: Item): boolean => runIdFields.some((f) => idOf(it, f) !== undefined);
  const anchor = candidates.find((it) => it.kind === 'started' && hasId(it)) ?? candidates.find(hasId);
  const ids: Partial<Record<EventField, string>> = {};
  for (const f of runIdFields) ids[f] = anchor && idOf(anchor, f);

  const members: Item[] = [];
  let otherRunFrames = 0;
  let userId: string | undefined;
  for (const it of items) {
    const foreign = foreignness(it);
    if (foreign === 'user') {
      flag('foreign-user', it, ` is for user ${idOf(it, 'userId')}, not the expected ${expectedUser}`);
      continue;
    }
    if (foreign) {
      const field = foreign === 'run' ? 'runId' : 'threadId';
      const own = `this run's ${foreign}: ${ids[field] ?? 'unknown'}`;
      flag('foreign-run', it, ` carries ${foreign} ${idOf(it, field)} of another user's run (${own})`);
      continue;
    }
    const compared = runIdFields.filter((f) => ids[f] !== undefined && idOf(it, f) !== undefined);
    const mismatched = compared.filter((f) => idOf(it, f) !== ids[f]);
    // Differs on the preferred id and shares none: another run of this user, not this run's business.
    if (compared.length > 0 && mismatched.length === compared.length) {
      otherRunFrames++;
      continue;
    }
    for (const f of mismatched)
      flag('inconsistent-id', it, ` carries ${f} ${idOf(it, f)}, the run's is ${ids[f]}`);
    for (const f of runIdFields) ids[f] ??= idOf(it, f);
    const user = idOf(it, 'userId');
    // With an expected user a stranger is a leak (above); without one the run must at least agree with itself.
    if (
      expectedUser === undefined &&
      user !== undefined &&
      userId !== undefined &&
      !userIdMatches(user, userId, userMatch)
    ) {
      flag('inconsistent-id', it, ` carries userId ${user}, the run's is ${userId}`);
    }
    userId ??= user;
    members.push(it);
  }
  return { members, ids, userId, otherRunFrames };
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
  const text = texts.join('; ');
  if (text === '') return 'no message';
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/** One line per violation, at most `max`, then how many more. */
export function describeViolations(violations: readonly Violation[], max = 10): string {
  if (violations.length === 0) return 'no violations';
  const lines = violations.slice(0, max).map((v) => `[${v.rule}] ${v.message}`);
  if (violations.length > max) lines.push(`+${violations.length - max} more`);
  return lines.join('\n');
}
