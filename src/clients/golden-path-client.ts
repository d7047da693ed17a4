// The Golden Path on the wire: token → WebSocket → ready frame → question → the agent's events → answer.
import { performance } from 'node:perf_hooks';
import type { AuthCarrier, LogicalEvent } from '../../profiles/define.ts';
import type { Config, TestUser } from '../config/index.ts';
import { type Frame, FrameReader } from '../protocol/frames.ts';
import { readId } from '../protocol/json-path.ts';
import { render } from '../protocol/template.ts';
import { AuthClient, type TokenGrant } from './auth-client.ts';
import { explain } from '../diagnosis/index.ts';
import { runFact } from '../diagnosis/collect.ts';
import { ClientError, secs } from './errors.ts';
import { HttpClient } from './http.ts';
import { preview, WsConnection } from './ws-connection.ts';

export interface RunRecord {
  question: string;
  /** Monotonic instant just before ws.send of the question. */
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

export interface SessionOptions {
  /** Auth carriers to use (default: the profile's, all of them). */
  carriers?: readonly AuthCarrier[];
  /** Fetch a one-use ticket first (profiles with a ticket step) and send it as a query parameter. */
  ticket?: boolean;
}

export class ChatSession {
  readonly connection: WsConnection;
  readonly reader: FrameReader;
  readonly #config: Config;
  #consumed = 0;
  #sentFirst = false;
  lastThreadId: string | undefined;
  /** Every run asked on this session, for evidence. */
  readonly runs: RunRecord[] = [];

  constructor(config: Config, connection: WsConnection) {
    this.#config = config;
    this.connection = connection;
    this.reader = connection.reader;
    this.#consumed = connection.frames.length;
  }

  get userId(): string | undefined {
    const ready = this.connection.readyFrame;
    return ready ? readId(ready.data, this.#config.profile.ws.ready.userIdPath) : undefined;
  }

  /** Send a question and collect the run until its terminal event; never throws: failures land in `error`. */
  async ask(question: string, options: { threadId?: string; timeoutMs?: number } = {}): Promise<RunRecord> {
    const profile = this.#config.profile;
    const threadId = options.threadId ?? this.lastThreadId;
    const template = this.#sentFirst ? profile.send.followUp : profile.send.first;
    const message = render(template, { text: question, thread_id: threadId });
    const start = this.connection.frames.length;
    this.#consumed = start;
    const sentAt = this.connection.send(message);
    this.#sentFirst = true;
    const record: RunRecord = { question, sentAt, frames: [], foreign: [], terminal: 'none', phaseMs: {} };
    const timeoutMs = options.timeoutMs ?? this.#config.timeouts.agentMs;
    await this.connection.until(timeoutMs, () => this.#collect(record) !== 'none');
    this.#collect(record);
    if (record.terminal === 'failure') {
      const last = record.frames.at(-1);
      record.error = new ClientError('AGENT_ERROR', `${last?.type ?? 'failure'} at +${secs((last?.at ?? sentAt) - sentAt)} after the question: ${preview(last?.data)}`, {
        frame: last?.data,
      });
    } else if (record.terminal === 'none') {
      record.error = this.#incompleteError(record, timeoutMs);
    }
    if (record.error) {
      const close = this.connection.closeInfo;
      const mapped = close ? profile.ws.closes.find((c) => c.code === close.code && (!c.reasonPattern || new RegExp(c.reasonPattern).test(close.reason))) : undefined;
      const run = runFact(record, this.reader, [], !close);
      if (close) run.closedMidRun = { code: close.code, reason: close.reason, ...(mapped ? { failureClass: mapped.failureClass } : {}) };
      const message = explain(record.error.message.replace(/^[A-Z_]+: /, ''), { error: { code: record.error.code, message: record.error.message }, run });
      record.error = new ClientError(record.error.code, message, { ...record.error.evidence });
    }
    if (record.threadId) this.lastThreadId = record.threadId;
    this.runs.push(record);
    return record;
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
      // Some products announce the thread in a frame of its own (thread_created) rather than on every event.
      record.threadId ??= this.reader.id(frame.data, 'threadId');
      if (this.reader.isAgentEvent(frame.kind)) {
        record.firstEventMs ??= rel;
        record.phaseMs[frame.kind] ??= rel;
        record.runId ??= this.reader.id(frame.data, 'runId');
        record.threadId ??= this.reader.id(frame.data, 'threadId');
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
    const lastText = last ? `last event ${last.type ?? '(non-JSON)'} at +${secs(last.at - record.sentAt)}` : 'no event at all';
    const close = this.connection.closeInfo;
    const evidence = { frames: record.frames.length, lastType: last?.type, close, timeoutMs };
    if (close) {
      return new ClientError(
        'WS_CLOSED_MID_RUN',
        `connection closed ${close.code} "${close.reason}" at +${secs(this.connection.startedAt + close.atMs - record.sentAt)} after the question, before ${completed}; ${lastText}`,
        evidence,
      );
    }
    return new ClientError('AGENT_EVENT_TIMEOUT', `no ${completed} ${secs(timeoutMs)} after the question; ${lastText}`, evidence);
  }
}

export interface JourneyRecord {
  user: string;
  grant: TokenGrant;
  handshakeMs: number;
  run: RunRecord;
  /** login start → terminal event, ms. */
  e2eMs?: number;
  session: ChatSession;
}

export class GoldenPathClient {
  readonly config: Config;
  readonly reader: FrameReader;
  readonly http: HttpClient;
  readonly auth: AuthClient;
  /** Every session opened, kept for evidence after close. */
  readonly sessions: ChatSession[] = [];
  /** Every connection attempted (sessions' included), for close-code accounting and evidence. */
  readonly connections: WsConnection[] = [];

  constructor(config: Config) {
    this.config = config;
    this.reader = new FrameReader(config.profile);
    this.http = new HttpClient();
    this.auth = new AuthClient(config, this.http);
  }

  /** Open a session with a token; resolves once the ready frame has arrived (sending earlier is the F3 race). */
  async connect(token: string, options: SessionOptions = {}): Promise<ChatSession> {
    // By default every carrier but the query string: a token in a URL ends up in access logs.
    const carriers = options.carriers ?? this.config.profile.ws.carriers.filter((c) => c.kind !== 'query');
    const query = options.ticket ? await this.#ticket(token) : undefined;
    const connection = await WsConnection.open(
      {
        url: this.config.urls.ws,
        token,
        carriers,
        reader: this.reader,
        connectTimeoutMs: this.config.timeouts.connectMs,
        ...(query ? { query } : {}),
      },
      (c) => this.connections.push(c),
    );
    const session = new ChatSession(this.config, connection);
    this.sessions.push(session);
    const ready = this.config.profile.ws.ready;
    if (ready.userIdMatch !== 'none' && session.userId === undefined) {
      // A ready frame without the user id where the profile says it is: the target speaks another dialect.
      throw new ClientError(
        'PROFILE_MISMATCH',
        `the ready frame has no user id at ${ready.userIdPath.join(' | ')} (profile "${this.config.profile.name}"): ${preview(connection.readyFrame?.data)}\nLikely cause: PROFILE the target's frames do not match the profile — check TARGET_PROFILE`,
        { frame: connection.readyFrame?.data },
      );
    }
    return session;
  }

  /** The whole journey for one user: token, connect, ask, answer. Timings on one monotonic clock. */
  async journey(user: TestUser, question = this.config.profile.probe.question): Promise<JourneyRecord> {
    const t0 = performance.now();
    const grant = await this.auth.acquireToken(user);
    const session = await this.connect(grant.token);
    const handshakeMs = session.connection.readyMs ?? Number.NaN;
    const run = await session.ask(question);
    const e2eMs = run.terminal === 'completed' && run.completedMs !== undefined ? run.sentAt + run.completedMs - t0 : undefined;
    return { user: user.label, grant, handshakeMs, run, session, ...(e2eMs !== undefined ? { e2eMs } : {}) };
  }

  /** An upgrade attempt that never throws: the outcome (open, rejected, failed) is on the connection. */
  async attempt(token: string | undefined, carriers: readonly AuthCarrier[], options: { badToken?: boolean } = {}): Promise<WsConnection> {
    const connection = await WsConnection.attempt({
      badToken: options.badToken ?? false,
      url: this.config.urls.ws,
      ...(token !== undefined ? { token } : {}),
      carriers,
      reader: this.reader,
      connectTimeoutMs: this.config.timeouts.connectMs,
    });
    this.connections.push(connection);
    return connection;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.connections.map((c) => c.close(1000)));
  }

  async #ticket(token: string): Promise<Record<string, string> | undefined> {
    const ticket = this.config.profile.ws.ticket;
    if (!ticket) throw new ClientError('TOKEN_MISSING', `profile "${this.config.profile.name}" has no ticket step`);
    const url = this.config.urls.api + ticket.path;
    const res = await this.http.call(url, { method: ticket.method, headers: { authorization: `Bearer ${token}` }, timeoutMs: this.config.timeouts.requestMs, what: 'ticket' });
    const id = readId(res.json, ticket.ticketPath);
    if (!id) throw new ClientError('AUTH_FAILED', `ticket request ${url} answered ${res.status} without a ticket`, { status: res.status });
    return { [ticket.param]: id };
  }
}
