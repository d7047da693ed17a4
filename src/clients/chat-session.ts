// One chat session on an open connection: a question (over the socket, or over HTTP after an optional thread
// step) and the run's events until its terminal one, on one monotonic clock.
import { performance } from 'node:perf_hooks';
import type { Config } from '../config/index.ts';
import { diagnosed } from '../diagnosis/index.ts';
import type { Frame, FrameReader } from '../protocol/frames.ts';
import { markerOf } from '../protocol/cross-user.ts';
import { readId } from '../protocol/json-path.ts';
import { RunTracker } from '../protocol/run-tracker.ts';
import { adapterFor, freshNonce } from '../protocol/adapter.ts';
import { formatSeconds } from '../format/duration.ts';
import { ClientError } from './errors.ts';
import { runFact, stillReceiving } from './evidence.ts';
import type { HttpClient } from './http.ts';
import type { RunRecord } from './run-record.ts';
import { createThread, sendOverHttp, type StepContext } from './send-steps.ts';
import { preview, type WsConnection } from './ws-connection.ts';

export type { RunRecord } from './run-record.ts';

/** What authenticated HTTP steps of a session (create thread, send over HTTP) need. */
export interface SessionAuth {
  token: string;
  http: HttpClient;
  /** Whom the token stands for (login, token subject or "who am I"): every frame's user id must be exactly it. */
  identity?: string | undefined;
}

export class ChatSession {
  readonly connection: WsConnection;
  readonly reader: FrameReader;
  readonly #config: Config;
  readonly #steps: StepContext;
  readonly #identity: string | undefined;
  #consumed = 0;
  #sentFirst = false;
  lastThreadId: string | undefined;
  /** Every run asked on this session, for evidence. */
  readonly runs: RunRecord[] = [];

  constructor(config: Config, connection: WsConnection, auth: SessionAuth) {
    this.#config = config;
    this.#steps = { config, token: auth.token, http: auth.http };
    this.#identity = auth.identity;
    this.connection = connection;
    this.reader = connection.reader;
    this.#consumed = connection.frames.length;
  }

  /** The identity the user logged in as (not what the socket claims): what the run's frames are held to. */
  get userId(): string | undefined {
    return this.#identity;
  }

  /** Why the socket's identity is not held to the login's (a profile with authEnforced: false), else undefined. */
  get identityNotApplicable(): string | undefined {
    const profile = this.#config.profile;
    return profile.authEnforced
      ? undefined
      : `identity binding: profile "${profile.name}" declares authEnforced: false (one identity for every client)`;
  }

  /** The user id the ready frame claims, in the profile's form (ws.ready.userIdMatch). */
  get readyUserId(): string | undefined {
    const ready = this.connection.readyFrame;
    return ready ? readId(ready.data, this.#config.profile.ws.ready.userIdPath) : undefined;
  }

  /** The connection id the ready frame announced (ws.ready.connectionIdPath), for messages and evidence. */
  get connectionId(): string | undefined {
    return this.connection.connectionId;
  }

  /** Send a question and collect the run until its terminal event; never throws: failures land in `error`. */
  async ask(question: string, options: { threadId?: string; timeoutMs?: number } = {}): Promise<RunRecord> {
    const profile = this.#config.profile;
    this.#consumed = this.connection.frames.length;
    let threadId = options.threadId ?? this.lastThreadId;
    let created: string | undefined;
    if (threadId === undefined && profile.send.createThread) {
      const thread = await createThread(this.#steps, profile.send.createThread, question);
      if (thread instanceof ClientError)
        return this.#record({
          question,
          sentAt: performance.now(),
          frames: [],
          foreign: [],
          terminal: 'none',
          phaseMs: {},
          error: thread,
        });
      threadId = created = thread;
    }
    const sentThreadId = created ? undefined : threadId;
    // A fresh request id per turn (`{{nonce}}`), and the identity for templates that name it.
    const vars = { text: question, thread_id: threadId, nonce: freshNonce(), userId: this.userId };
    let sentAt: number;
    let sendError: ClientError | undefined;
    if (profile.send.http) {
      ({ sentAt, error: sendError } = await sendOverHttp(this.#steps, profile.send.http, vars));
    } else {
      sentAt = this.connection.send(adapterFor(profile).encodeQuestion(!this.#sentFirst, vars));
    }
    this.#sentFirst = true;
    const record: RunRecord = {
      question,
      sentAt,
      frames: [],
      foreign: [],
      terminal: 'none',
      phaseMs: {},
      ...(created ? { threadId: created } : {}),
      ...(sentThreadId !== undefined ? { sentThreadId } : {}),
    };
    if (sendError) return this.#record({ ...record, error: sendError });
    const timeoutMs = options.timeoutMs ?? this.#config.timeouts.agentMs;
    // The run's ids are learned only from this user's frames: a leaked frame that arrives first must not make
    // another user's run look like this one (the checker reports it as foreign).
    const marker = markerOf(question);
    const tracker = new RunTracker(this.reader, {
      ...(this.userId !== undefined ? { expectedUserId: this.userId } : {}),
      ...(created ? { known: { threadId: created } } : {}),
      ...(marker !== undefined ? { requestMarker: marker } : {}),
    });
    // Another user's run ending on this socket is a breach already proven: waiting on for this run's end would
    // only turn it into a hang (the product may have sent this user's answer elsewhere).
    // Another run of the same user (another socket's request, by its ids or marker) is no breach: wait on.
    const leakedEnd = (): Frame | undefined =>
      tracker.frames.find(
        (t) =>
          (t.role === 'foreign-user' || t.role === 'foreign-run') &&
          (t.kind === 'completed' || t.kind === 'failure'),
      )?.frame;
    await this.connection.until(
      timeoutMs,
      () => this.#collect(record, tracker) !== 'none' || leakedEnd() !== undefined,
    );
    const waitedUntil = performance.now();
    this.#collect(record, tracker);
    const leaked = record.terminal === 'none' ? leakedEnd() : undefined;
    if (record.terminal === 'failure') {
      const last = record.frames.at(-1);
      record.error = new ClientError(
        'AGENT_ERROR',
        `${last?.type ?? 'failure'} at +${formatSeconds((last?.at ?? sentAt) - sentAt)} after the question${this.#on()}: ${preview(last?.data)}`,
        {
          frame: last?.data,
          connectionId: this.connectionId,
        },
      );
    } else if (leaked) {
      record.error = new ClientError(
        'ISOLATION_BREACH',
        `${leaked.type ?? leaked.kind} of another user's run reached this user's socket${this.#on()} at +${formatSeconds(leaked.at - sentAt)} after the question, before this run's own end`,
        { frame: leaked.data, connectionId: this.connectionId },
      );
    } else if (record.terminal === 'none') {
      record.error = this.#incompleteError(record, timeoutMs);
    }
    if (record.error) {
      const close = this.connection.closeInfo;
      const mapped = close
        ? profile.ws.closes.find(
            (c) =>
              c.code === close.code && (!c.reasonPattern || new RegExp(c.reasonPattern).test(close.reason)),
          )
        : undefined;
      const run = runFact(record, this.reader, [], !close);
      run.waitedMs = waitedUntil - sentAt;
      const going = close ? undefined : stillReceiving(record.frames, waitedUntil);
      if (going) run.stillReceiving = going;
      if (close)
        run.closedMidRun = {
          code: close.code,
          reason: close.reason,
          ...(mapped ? { failureClass: mapped.failureClass } : {}),
        };
      const why = diagnosed(record.error.detail, {
        error: { code: record.error.code, message: record.error.message },
        run,
        ...(this.connection.oversized ? { oversizedFrame: this.connection.oversized } : {}),
        ...(leaked ? { isolation: { breach: record.error.detail } } : {}),
      });
      record.error = new ClientError(
        record.error.code,
        why.message,
        { ...record.error.evidence },
        why.finding,
      );
    }
    return this.#record(record);
  }

  #record(record: RunRecord): RunRecord {
    if (record.threadId) this.lastThreadId = record.threadId;
    this.runs.push(record);
    return record;
  }

  /** " on connection <id>" when the ready frame named one: a failing run names the connection it ran on. */
  #on(): string {
    const id = this.connectionId;
    return id === undefined ? '' : ` on connection ${id}`;
  }

  async close(): Promise<void> {
    await this.connection.close(1000);
  }

  #collect(record: RunRecord, tracker: RunTracker): RunRecord['terminal'] {
    const frames = this.connection.frames;
    for (; this.#consumed < frames.length; this.#consumed++) tracker.accept(frames[this.#consumed] as Frame);
    record.frames = tracker.runFrames;
    record.foreign = tracker.foreignFrames;
    // Some products announce the thread in a frame of its own (thread_created) rather than on every event.
    const threadId = tracker.id('threadId');
    const runId = tracker.id('runId');
    if (threadId !== undefined) record.threadId = threadId;
    if (runId !== undefined) record.runId = runId;
    record.phaseMs = {};
    delete record.firstEventMs;
    for (const t of tracker.frames) {
      if ((t.role === 'run' || t.role === 'terminal') && this.reader.isAgentEvent(t.kind)) {
        const rel = t.frame.at - record.sentAt;
        record.firstEventMs ??= rel;
        record.phaseMs[t.kind] ??= rel;
      }
    }
    const terminal = tracker.terminal;
    record.terminal = tracker.outcome;
    if (terminal?.kind === 'completed') {
      record.completedMs = terminal.frame.at - record.sentAt;
      // The adapter reads the answer from the run so far (deltas to concatenate, or the terminal event's).
      const upToEnd = tracker.frames.filter((t) => t.role === 'run' || t.role === 'terminal');
      const answer = adapterFor(this.#config.profile).answer(upToEnd.map((t) => t.frame.data));
      if (answer !== undefined) record.answer = answer;
    }
    return record.terminal;
  }

  #incompleteError(record: RunRecord, timeoutMs: number): ClientError {
    const completed = this.reader.nameOf('completed');
    const last = record.frames.filter((f) => f.kind !== 'other' || f.type).at(-1);
    const lastText = last
      ? `last event ${last.type ?? '(non-JSON)'} at +${formatSeconds(last.at - record.sentAt)}`
      : 'no event at all';
    const close = this.connection.closeInfo;
    const evidence = {
      frames: record.frames.length,
      lastType: last?.type,
      close,
      timeoutMs,
      connectionId: this.connectionId,
    };
    if (close) {
      const id = this.connectionId === undefined ? '' : ` ${this.connectionId}`;
      return new ClientError(
        'WS_CLOSED_MID_RUN',
        `connection${id} closed ${close.code} "${close.reason}" at +${formatSeconds(this.connection.startedAt + close.atMs - record.sentAt)} after the question, before ${completed}; ${lastText}`,
        evidence,
      );
    }
    return new ClientError(
      'AGENT_EVENT_TIMEOUT',
      `no ${completed} ${formatSeconds(timeoutMs)} after the question${this.#on()}; ${lastText}`,
      evidence,
    );
  }
}
