// One accepted WebSocket: sends the ready frame, answers pings, starts agent runs, and never lets bad input crash us.
import { randomUUID } from 'node:crypto';
import type { RawData, WebSocket } from 'ws';
import { runAgent, type RunDeps, type RunSink } from '../agent/agent-run.ts';
import type { AgentEvent } from '../agent/agent-event.ts';
import type { User } from '../auth/user-store.ts';
import type { Core } from '../core.ts';
import type { ConnectionView, WireErrorCode, WsDialect } from '../dialects/dialect.ts';
import type { Frame } from './frame.ts';

export class Connection implements ConnectionView {
  readonly connectionId = `conn_${randomUUID()}`;
  readonly user: User;
  readonly demo: boolean;
  readonly openedAt = Date.now();
  sent = 0;
  received = 0;
  readonly #socket: WebSocket;
  readonly #dialect: WsDialect;
  readonly #core: Core;
  readonly #runDeps: RunDeps;
  readonly #runs = new AbortController();
  #heartbeat: NodeJS.Timeout | undefined;
  /** The idle-drop fault's timer: restarted by traffic either way (data, ping or pong), as a load balancer's is. */
  #idleDrop: NodeJS.Timeout | undefined;
  /** The token to echo in agent errors (echo-token-everywhere), else undefined. */
  readonly #echo: string | undefined;

  constructor(
    socket: WebSocket,
    user: User,
    demo: boolean,
    dialect: WsDialect,
    core: Core,
    runDeps: RunDeps,
    echo?: string,
  ) {
    this.#echo = echo;
    this.#socket = socket;
    this.user = user;
    this.demo = demo;
    this.#dialect = dialect;
    this.#core = core;
    this.#runDeps = runDeps;
    socket.on('message', (data) => this.#onMessage(data));
    socket.on('close', (code) => this.#onClose(code));
    socket.on('ping', () => this.#idleDrop?.refresh());
    socket.on('pong', () => this.#idleDrop?.refresh());
    socket.on('error', () => undefined);
  }

  /** Registers the connection and sends the ready frame before anything else can be sent. */
  open(): void {
    this.#core.hub.add(this);
    this.send(this.#dialect.established(this));
    if (this.#dialect.sendsHeartbeats) {
      this.#heartbeat = setInterval(
        () => this.send(this.#dialect.heartbeat(this)),
        this.#core.settings.heartbeatMs,
      );
      this.#heartbeat.unref();
    }
    const idleDropMs = this.#core.faults.current.idleDropMs;
    if (idleDropMs !== undefined) {
      // As an intermediary's idle timeout does: the TCP connection destroyed, no close frame.
      this.#idleDrop = setTimeout(() => this.#socket.terminate(), idleDropMs);
      this.#idleDrop.unref();
    }
  }

  /** Sends one frame, unless F9's drop-event suppresses frames of its type. */
  send(frame: Frame): void {
    if (this.#core.faults.current.dropEvents.has(frame.type)) return;
    if (this.#socket.readyState !== this.#socket.OPEN) return;
    this.#socket.send(JSON.stringify(frame));
    this.sent += 1;
    this.#idleDrop?.refresh();
  }

  closeAndWait(code: number, reason: string, waitMs: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.#socket.readyState === this.#socket.CLOSED) return resolve();
      const timer = setTimeout(() => {
        this.#socket.terminate();
        resolve();
      }, waitMs);
      this.#socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.#socket.close(code, reason);
    });
  }

  #onMessage(data: RawData): void {
    this.received += 1;
    this.#idleDrop?.refresh();
    // A heartbeat is due only after a quiet interval: any client frame restarts the wait.
    this.#heartbeat?.refresh();
    const text = rawToText(data);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.#sendError('invalid_json', 'the message is not valid JSON');
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      this.#sendError('invalid_message', 'the message must be a JSON object with a "type"');
      return;
    }
    const inbound = this.#dialect.parseInbound(parsed as Record<string, unknown>);
    switch (inbound.kind) {
      case 'ping':
        this.send(this.#dialect.pong(this));
        return;
      case 'ignore':
        return;
      case 'error':
        this.#sendError(inbound.code, inbound.message);
        return;
      case 'ask':
        runAgent(this.#runDeps, this.#sink(), { content: inbound.content, threadId: inbound.threadId }).catch(
          (err: unknown) => {
            this.#core.log.info('agent run failed', { connection: this.connectionId, error: String(err) });
          },
        );
        return;
    }
  }

  #sendError(code: WireErrorCode, message: string, ids?: { runId: string; threadId?: string }): void {
    this.send(this.#dialect.errorFrame(code, message, this, ids));
  }

  #sink(): RunSink {
    return {
      userId: this.user.id,
      ...(this.#echo !== undefined ? { echoToken: this.#echo } : {}),
      signal: this.#runs.signal,
      emit: (event) => this.#emitRunEvent(event),
      error: (code, message, ids) => this.#sendError(code, message, ids),
      close: (code, reason) => this.#socket.close(code, reason),
    };
  }

  #emitRunEvent(event: AgentEvent): void {
    const frame = this.#dialect.renderEvent(event);
    if (frame === null) return;
    this.send(frame);
    // F10: the run's events also reach every other user's connections.
    if (this.#core.faults.current.crossUserLeak) {
      for (const other of this.#core.hub.othersThan(this.user.id)) other.send(frame);
    }
  }

  #onClose(code: number): void {
    // 1006: the TCP connection went without a close frame (a network drop), what reconnect-refused keys on.
    if (code === 1006) this.#core.hub.noteDropped(this.user.id);
    this.#runs.abort();
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    clearTimeout(this.#idleDrop);
    this.#core.hub.remove(this);
  }
}

/** Text or binary, whole or fragmented: bad input is judged on its content, never crashes the parser. */
function rawToText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
