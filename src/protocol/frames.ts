// Reads frames through the profile: what kind a frame is and where its fields are. No protocol names here.
import type { EventField, FrameKind, LogicalEvent, Profile } from '../../profiles/define.ts';
import { matches, readFirst, readId } from './json-path.ts';

export interface Frame {
  /** Arrival time on the monotonic clock (performance.now()), stamped before parsing. */
  at: number;
  /** The parsed JSON, or undefined when the frame was not JSON. */
  data: unknown;
  /** Raw text length in bytes (for rates and limits). */
  size: number;
  /** The raw text of a frame that is not JSON (so a scan for markers still sees it); absent for JSON frames. */
  text?: string;
  /** The frame's type value as the profile reads it (for messages), or undefined. */
  type: string | undefined;
  kind: FrameKind;
}

export const LOGICAL_EVENTS: readonly LogicalEvent[] = [
  'started',
  'thinking',
  'toolExecuting',
  'toolCompleted',
  'completed',
];

export class FrameReader {
  readonly profile: Profile;
  readonly #byType = new Map<string, FrameKind>();

  constructor(profile: Profile) {
    this.profile = profile;
    const e = profile.events;
    for (const t of profile.ws.keepAlive.ignoreTypes) this.#byType.set(t, 'keepalive');
    const pong = profile.ws.keepAlive.pongType;
    if (pong !== undefined) this.#byType.set(pong, 'pong');
    for (const t of e.otherTypes) this.#byType.set(t, 'other');
    for (const t of e.streamTypes) this.#byType.set(t, 'stream');
    for (const t of e.failureTypes) this.#byType.set(t, 'failure');
    for (const name of LOGICAL_EVENTS) for (const t of e.aliases[name]) this.#byType.set(t, name);
  }

  typeOf(data: unknown): string | undefined {
    const t = readFirst(data, this.profile.events.typePath);
    return typeof t === 'string' ? t : undefined;
  }

  classify(data: unknown): FrameKind {
    const hooked = this.profile.hooks?.classify?.(data);
    if (hooked) return hooked;
    const e = this.profile.events;
    if (matches(data, this.profile.ws.ready.match)) return 'ready';
    // Flags on the frame name the end of an answer where no event type does (`done: true`, `error: true`).
    if (e.errorFlag && matches(data, e.errorFlag)) return 'failure';
    if (e.doneFlag && matches(data, e.doneFlag)) return 'completed';
    const matched = e.matchers?.find((m) => matches(data, m.when));
    if (matched) return matched.kind;
    const type = this.typeOf(data);
    if (type === undefined) return 'other';
    return this.#byType.get(type) ?? 'other';
  }

  /** Whether a type is known to the profile at all (anything else in a run is "unexpected"). */
  knows(type: string | undefined): boolean {
    return type !== undefined && this.#byType.has(type);
  }

  isAgentEvent(kind: FrameKind): kind is LogicalEvent {
    return (LOGICAL_EVENTS as readonly string[]).includes(kind);
  }

  read(data: unknown, field: EventField): unknown {
    return readFirst(data, this.profile.events.fields[field]);
  }

  id(data: unknown, field: EventField): string | undefined {
    return readId(data, this.profile.events.fields[field]);
  }

  /** The frame's timestamp in epoch milliseconds, whatever the target's format. */
  timestampMs(data: unknown): number | undefined {
    return normalizeTimestamp(this.read(data, 'timestamp'), this.profile.events.timestampFormat);
  }

  /** The answer text of a terminal frame; an object answer yields its text sub-path, else its JSON. */
  answer(data: unknown): string | undefined {
    const hooked = this.profile.hooks?.answer?.(data);
    if (hooked !== undefined) return hooked;
    const value = this.read(data, 'answer');
    if (typeof value === 'string') return value;
    if (value && typeof value === 'object') {
      const text = readFirst(value, this.profile.events.answerTextPath);
      return typeof text === 'string' ? text : JSON.stringify(value);
    }
    return undefined;
  }

  chunkText(data: unknown): string | undefined {
    const value = this.read(data, 'chunkText');
    return typeof value === 'string' ? value : undefined;
  }

  /** Names the logical event's first alias, for messages ("no agent_completed …"). */
  nameOf(event: LogicalEvent): string {
    return this.profile.events.aliases[event][0] ?? event;
  }
}

export function normalizeTimestamp(
  value: unknown,
  format: Profile['events']['timestampFormat'],
): number | undefined {
  if (typeof value === 'string') {
    if (format === 'epoch-s' || format === 'epoch-ms' || /^\d+(\.\d+)?$/.test(value)) {
      return normalizeTimestamp(Number(value), format);
    }
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  if (format === 'epoch-s') return value * 1000;
  if (format === 'epoch-ms') return value;
  // auto: seconds until the year 33658, then milliseconds
  return value < 1e12 ? value * 1000 : value;
}
