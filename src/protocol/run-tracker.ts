// Follows one run through a connection's frames: which frames are its (ids learned only from this user's own
// frames), its terminal event, its tool calls, the order of its events and the gaps between them. Pure.
import type { EventField, FrameKind, LogicalEvent } from '../../profiles/define.ts';
import { carriesOtherMarker, frameContent } from './cross-user.ts';
import type { Frame, FrameReader } from './frames.ts';
import { readId } from './json-path.ts';

/** What a frame was to the run. */
export type FrameRole =
  /** Keep-alive, pong or ready frame: outside every run's timeline. */
  | 'keepalive'
  /** Names another user than the expected one: a leak. */
  | 'foreign-user'
  /** Carries a run or thread id listed as another user's: a leak. */
  | 'foreign-run'
  /** Another run of the same user: differs on every run-level id both carry. */
  | 'other-run'
  | 'run'
  /** The run's first terminal event (success or failure). */
  | 'terminal'
  | 'after-terminal';

const OWN_ROLES: ReadonlySet<FrameRole> = new Set<FrameRole>(['run', 'terminal', 'after-terminal']);
const FOREIGN_ROLES: ReadonlySet<FrameRole> = new Set<FrameRole>([
  'foreign-user',
  'foreign-run',
  'other-run',
]);
// Frames that never enter a run's timeline.
const OUTSIDE_TIMELINE: ReadonlySet<FrameKind> = new Set<FrameKind>(['keepalive', 'pong', 'ready']);

export interface IdMismatch {
  field: EventField;
  seen: string;
  /** The run's (or the expected user's) id when the frame was judged; undefined when none was known yet. */
  expected: string | undefined;
}

export interface TrackedFrame {
  /** Position among every frame accepted, keep-alives included. */
  index: number;
  frame: Frame;
  kind: FrameKind;
  role: FrameRole;
  /** foreign-user: the user id it names; foreign-run: the listed id it carries. */
  foreign?: IdMismatch;
  /** A run frame's ids that differ from the run's (its user id too when no user is expected). */
  inconsistent: IdMismatch[];
  /** ms since the run's previous frame; set on run and terminal frames after the first. */
  gapMs?: number;
}

/**
 * A tool call: a start paired with its completion, by the call id where the profile names one (toolCallIdPath),
 * else with the first open start of the same tool name.
 */
export interface ToolCall {
  name: string | undefined;
  id?: string;
  start?: TrackedFrame;
  end?: TrackedFrame;
}

export interface OutOfOrder {
  frame: TrackedFrame;
  /** The frame it should have followed. */
  before: TrackedFrame;
}

export interface RunTrackerOptions {
  /** The identity the user logged in as; a frame naming any other (compared exactly) is not this user's. */
  expectedUserId?: string;
  /** Ids the other user's runs produced: any frame carrying one is a leak. */
  foreignRunIds?: readonly string[];
  foreignThreadIds?: readonly string[];
  /** Ids the client knows before any frame arrives (a thread it created). */
  known?: Partial<Record<EventField, string>>;
  /**
   * The request marker the question carried (cross-user.ts): a frame carrying another request's marker answers
   * that request (another socket of the user, or a leak), so a product without run ids is still correlated.
   */
  requestMarker?: string;
}

type Ids = Partial<Record<EventField, string>>;

/**
 * Feed it every frame of a connection from the question on (`accept`); ask it which are the run's.
 * The run is the one the first start event names, since a stray frame of another run may come first: when that
 * start arrives, the frames before it are judged again against its ids, so a role `accept` returned may change.
 */
export class RunTracker {
  readonly reader: FrameReader;
  readonly expectedUserId: string | undefined;
  readonly #foreignRuns: ReadonlySet<string>;
  readonly #foreignThreads: ReadonlySet<string>;
  readonly #known: Ids;
  readonly #marker: string | undefined;
  /** Correlation fields first (the profile's preference), then the other run-level ids it may carry. */
  readonly #idFields: readonly EventField[];
  readonly #frames: TrackedFrame[] = [];
  #anchored = false;
  #ids: Ids = {};
  #userId: string | undefined;
  #terminal: TrackedFrame | undefined;
  #lastAt: number | undefined;
  #toolCalls: ToolCall[] = [];

  constructor(reader: FrameReader, options: RunTrackerOptions = {}) {
    this.reader = reader;
    this.expectedUserId = options.expectedUserId;
    this.#foreignRuns = new Set(options.foreignRunIds ?? []);
    this.#foreignThreads = new Set(options.foreignThreadIds ?? []);
    this.#known = { ...options.known };
    this.#marker = options.requestMarker;
    this.#idFields = [
      ...new Set<EventField>([...reader.profile.events.correlation, 'runId', 'threadId']),
    ].filter((f) => f !== 'userId');
    this.#ids = { ...this.#known };
  }

  /** Judges the next frame (in arrival order); its `at` is the arrival instant the gaps are measured on. */
  accept(frame: Frame): TrackedFrame {
    const tracked: TrackedFrame = {
      index: this.#frames.length,
      frame,
      kind: this.reader.classify(frame.data),
      role: 'keepalive',
      inconsistent: [],
    };
    this.#frames.push(tracked);
    if (!this.#anchored && this.#isAnchor(tracked)) {
      this.#anchored = true;
      this.#reset({ ...this.#idsOf(tracked), ...this.#known });
      for (const earlier of this.#frames) this.#judge(earlier);
    } else this.#judge(tracked);
    return tracked;
  }

  /** Every frame accepted, in arrival order, with its current role. */
  get frames(): readonly TrackedFrame[] {
    return this.#frames;
  }

  /** The run's frames (after its terminal one included), keep-alives and other runs' left out. */
  get runFrames(): Frame[] {
    return this.#frames.filter((t) => OWN_ROLES.has(t.role)).map((t) => t.frame);
  }

  /** Frames of another user or another run. */
  get foreignFrames(): Frame[] {
    return this.#frames.filter((t) => FOREIGN_ROLES.has(t.role)).map((t) => t.frame);
  }

  get otherRunFrames(): number {
    return this.#frames.filter((t) => t.role === 'other-run').length;
  }

  /** The run's id in a run-level field (runId, threadId, a correlation field), learned from its own frames. */
  id(field: EventField): string | undefined {
    return this.#ids[field];
  }

  /** The user id the run's frames carry (the first that did). */
  get userId(): string | undefined {
    return this.#userId;
  }

  get terminal(): TrackedFrame | undefined {
    return this.#terminal;
  }

  get outcome(): 'completed' | 'failure' | 'none' {
    const t = this.#terminal;
    return !t ? 'none' : t.kind === 'failure' ? 'failure' : 'completed';
  }

  /** The run's first frame of a logical event up to its terminal one; `anywhere`: after it too. */
  first(event: LogicalEvent, anywhere = false): TrackedFrame | undefined {
    const roles = anywhere ? OWN_ROLES : BEFORE_END;
    return this.#frames.find((t) => t.kind === event && roles.has(t.role));
  }

  /** Tool calls in the order they opened; a completion nothing opened is a call without a start. */
  get toolCalls(): readonly ToolCall[] {
    return this.#toolCalls;
  }

  /** Arrival gaps between consecutive frames of the run, from its first frame to its terminal one. */
  get gapsMs(): number[] {
    return this.#frames.flatMap((t) => (t.gapMs === undefined ? [] : [t.gapMs]));
  }

  /**
   * Events that came before the one the profile's order puts ahead of them (each ordered event's first
   * occurrence; repeats may come later), and optional events (streaming, extra kinds) before the opening one.
   */
  outOfOrder(): OutOfOrder[] {
    const events = this.reader.profile.events;
    const found: OutOfOrder[] = [];
    let previous: TrackedFrame | undefined;
    for (const event of events.order) {
      const first = this.first(event);
      if (!first) continue;
      if (previous && first.index < previous.index) found.push({ frame: first, before: previous });
      else previous = first;
    }
    // Known metadata frames (`otherTypes`) may precede the opening event: products announce a new thread first.
    const opening = events.order[0] && this.first(events.order[0]);
    const optional = this.#frames.find(
      (t) =>
        BEFORE_END.has(t.role) &&
        (t.kind === 'stream' || (this.reader.isAgentEvent(t.kind) && !events.order.includes(t.kind))),
    );
    if (opening && optional && optional.index < opening.index)
      found.push({ frame: optional, before: opening });
    return found;
  }

  #idsOf(t: TrackedFrame): Ids {
    return Object.fromEntries(this.#idFields.map((f) => [f, this.reader.id(t.frame.data, f)]));
  }

  #reset(ids: Ids): void {
    this.#ids = ids;
    this.#userId = undefined;
    this.#terminal = undefined;
    this.#lastAt = undefined;
    this.#toolCalls = [];
  }

  /** The first start event with an id, of this user, not another run by the ids the client already knows. */
  #isAnchor(t: TrackedFrame): boolean {
    if (t.kind !== 'started' || this.#foreignness(t)) return false;
    const ids = this.#idsOf(t);
    if (!this.#idFields.some((f) => ids[f] !== undefined)) return false;
    const compared = this.#idFields.filter((f) => this.#known[f] !== undefined && ids[f] !== undefined);
    return compared.length === 0 || compared.some((f) => ids[f] === this.#known[f]);
  }

  #foreignness(t: TrackedFrame): IdMismatch | undefined {
    const id = (field: EventField): string | undefined => this.reader.id(t.frame.data, field);
    const user = id('userId');
    const expected = this.expectedUserId;
    if (expected !== undefined && user !== undefined && user !== expected)
      return { field: 'userId', seen: user, expected };
    const run = id('runId');
    if (this.#foreignRuns.has(run ?? ''))
      return { field: 'runId', seen: run ?? '', expected: this.#ids.runId };
    const thread = id('threadId');
    if (this.#foreignThreads.has(thread ?? ''))
      return { field: 'threadId', seen: thread ?? '', expected: this.#ids.threadId };
    return undefined;
  }

  #judge(t: TrackedFrame): void {
    t.inconsistent = [];
    delete t.foreign;
    delete t.gapMs;
    if (OUTSIDE_TIMELINE.has(t.kind)) {
      t.role = 'keepalive';
      return;
    }
    const foreign = this.#foreignness(t);
    if (foreign) {
      t.role = foreign.field === 'userId' ? 'foreign-user' : 'foreign-run';
      t.foreign = foreign;
      return;
    }
    if (
      this.#marker !== undefined &&
      carriesOtherMarker(frameContent(t.frame.data, t.frame.text), this.#marker)
    ) {
      t.role = 'other-run';
      return;
    }
    const ids = this.#idsOf(t);
    const compared = this.#idFields.filter((f) => this.#ids[f] !== undefined && ids[f] !== undefined);
    const mismatched = compared.filter((f) => ids[f] !== this.#ids[f]);
    if (compared.length > 0 && mismatched.length === compared.length) {
      t.role = 'other-run';
      return;
    }
    for (const f of mismatched) t.inconsistent.push({ field: f, seen: ids[f] ?? '', expected: this.#ids[f] });
    for (const f of this.#idFields) this.#ids[f] ??= ids[f];
    const user = this.reader.id(t.frame.data, 'userId');
    // With an expected user a stranger is a leak (above); without one the run must at least agree with itself.
    if (
      this.expectedUserId === undefined &&
      user !== undefined &&
      this.#userId !== undefined &&
      user !== this.#userId
    ) {
      t.inconsistent.push({ field: 'userId', seen: user, expected: this.#userId });
    }
    this.#userId ??= user;

    if (this.#terminal) {
      t.role = 'after-terminal';
      return;
    }
    t.role = t.kind === 'completed' || t.kind === 'failure' ? 'terminal' : 'run';
    if (t.role === 'terminal') this.#terminal = t;
    if (this.#lastAt !== undefined) t.gapMs = t.frame.at - this.#lastAt;
    this.#lastAt = t.frame.at;
    this.#pairTool(t);
  }

  #pairTool(t: TrackedFrame): void {
    if (t.kind !== 'toolExecuting' && t.kind !== 'toolCompleted') return;
    const value = this.reader.read(t.frame.data, 'toolName');
    const name = typeof value === 'string' ? value : undefined;
    const idPath = this.reader.profile.events.toolCallIdPath;
    const id = idPath ? readId(t.frame.data, idPath) : undefined;
    const call = { name, ...(id !== undefined ? { id } : {}) };
    if (t.kind === 'toolExecuting') {
      this.#toolCalls.push({ ...call, start: t });
      return;
    }
    // By id when the dialect has one (a completion without an id pairs with nothing); else by name, in order (an
    // unnamed side pairs with the first open call: its missing name is reported as a missing field).
    const open = this.#toolCalls.find(
      (c) =>
        c.start && !c.end && (idPath ? id !== undefined && c.id === id : c.name === name || !c.name || !name),
    );
    if (open) open.end = t;
    else this.#toolCalls.push({ ...call, end: t });
  }
}

const BEFORE_END: ReadonlySet<FrameRole> = new Set<FrameRole>(['run', 'terminal']);
