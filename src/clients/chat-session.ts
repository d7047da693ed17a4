// One chat session on an open connection: a question (over the socket, or over HTTP after an optional thread
// step) and the run's events until its terminal one, on one monotonic clock.
import { performance } from 'node:perf_hooks';
import type { LogicalEvent } from '../../profiles/define.ts';
import type { Config } from '../config/index.ts';
import { explain } from '../diagnosis/index.ts';
import { runFact } from '../diagnosis/collect.ts';
import { userIdMatches } from '../protocol/event-sequence.ts';
import type { Frame, FrameReader } from '../protocol/frames.ts';
import { readId } from '../protocol/json-path.ts';
import { render } from '../protocol/template.ts';
import { formatSeconds } from '../format/duration.ts';
import { ClientError } from './errors.ts';
import type { HttpClient } from './http.ts';
import { createThread, sendOverHttp, type StepContext } from './send-steps.ts';
import { preview, type WsConnection } from './ws-connection.ts';

export interface RunRecord {
  question: string;
  /** Monotonic instant (performance.now()) just before the question left: ws.send, or the HTTP send request. */
  sentAt: number;
  /** Frames of this run (arrival order), keep-alive excluded; frames of other runs are in `foreign`. */
  frames: Frame[];
  foreign: Frame[];
  runId?: string;
  threadId?: string;
  answer?: string;
  terminal: 'completed' | 'failure' | 'none';
  /** ms after sentAt: first agent event and each logical event's first arrival. */
  firstEventMs?: number;
  phaseMs: Partial<Record<LogicalEvent, number>>;
  completedMs?: number;
  error?: ClientError;
}

/** What authenticated HTTP steps of a session (create thread, send over HTTP) need. */
export interface SessionAuth {
  token: string;
  http: HttpClient;
}

export class ChatSession {
  readonly connection: WsConnection;
  readonly reader: FrameReader;
  readonly #config: Config;
  readonly #steps: StepContext;
  #consumed = 0;
  #sentFirst = false;
  lastThreadId: string | undefined;
  /** Every run asked on this session, for evidence. */
  readonly runs: RunRecord[] = [];

  constructor(config: Config, connection: WsConnection, auth: SessionAuth) {
    this.#config = config;
    this.#steps = { config, ...auth };
    this.connection = connection;
    this.reader = connection.reader;
    this.#consumed = connection.frames.length;
  }

  get userId(): string | undefined {
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
    const vars = { text: question, thread_id: threadId };
    let sentAt: number;
    let sendError: ClientError | undefined;
    if (profile.send.http) {
      ({ sentAt, error: sendError } = await sendOverHttp(this.#steps, profile.send.http, vars));
    } else {
      sentAt = this.connection.send(
        render(this.#sentFirst ? profile.send.followUp : profile.send.first, vars),
      );
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
    };
    if (sendError) return this.#record({ ...record, error: sendError });
    const timeoutMs = options.timeoutMs ?? this.#config.timeouts.agentMs;
    await this.connection.until(timeoutMs, () => this.#collect(record) !== 'none');
    this.#collect(record);
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
      if (close)
        run.closedMidRun = {
          code: close.code,
          reason: close.reason,
          ...(mapped ? { failureClass: mapped.failureClass } : {}),
        };
      const message = explain(record.error.message.replace(/^[A-Z_]+: /, ''), {
        error: { code: record.error.code, message: record.error.message },
        run,
      });
      record.error = new ClientError(record.error.code, message, { ...record.error.evidence });
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

  #collect(record: RunRecord): RunRecord['terminal'] {
    const frames = this.connection.frames;
    for (; this.#consumed < frames.length; this.#consumed++) {
      const frame = frames[this.#consumed] as Frame;
      if (frame.kind === 'keepalive' || frame.kind === 'pong' || frame.kind === 'ready') continue;
      if (record.terminal !== 'none') {
        record.frames.push(frame);
        continue;
      }
      if (!this.#belongs(record, frame)) {
        record.foreign.push(frame);
        continue;
      }
      record.frames.push(frame);
      const rel = frame.at - record.sentAt;
      // The run's ids are learned only from this user's frames: a leaked frame that arrives first must not make
      // another user's run look like this one (the checker reports it as foreign).
      const own = this.#ownUser(frame);
      // Some products announce the thread in a frame of its own (thread_created) rather than on every event.
      if (own) record.threadId ??= this.reader.id(frame.data, 'threadId');
      if (this.reader.isAgentEvent(frame.kind)) {
        record.firstEventMs ??= rel;
        record.phaseMs[frame.kind] ??= rel;
        if (own) record.runId ??= this.reader.id(frame.data, 'runId');
      }
      if (frame.kind === 'completed') {
        record.terminal = 'completed';
        record.completedMs = rel;
        const answer = this.reader.answer(frame.data);
        if (answer !== undefined) record.answer = answer;
      } else if (frame.kind === 'failure') {
        record.terminal = 'failure';
      }
    }
    return record.terminal;
  }

  /** The frame carries no user id, or this session's (as the profile compares them). */
  #ownUser(frame: Frame): boolean {
    const mode = this.#config.profile.ws.ready.userIdMatch;
    const user = this.reader.id(frame.data, 'userId');
    const mine = this.userId;
    return mode === 'none' || user === undefined || mine === undefined || userIdMatches(user, mine, mode);
  }

  /** A frame belongs to the run unless it carries a run/thread id that differs from the run's. */
  #belongs(record: RunRecord, frame: Frame): boolean {
    const runId = this.reader.id(frame.data, 'runId');
    if (record.runId && runId && runId !== record.runId) return false;
    const threadId = this.reader.id(frame.data, 'threadId');
    if (!record.runId && record.threadId && threadId && threadId !== record.threadId) return false;
    return true;
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
