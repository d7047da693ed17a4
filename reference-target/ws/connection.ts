// One accepted WebSocket: sends the ready frame, keeps it alive, starts agent runs (fanned out to the user's other
// sockets where the dialect does so), and never lets bad input crash us.
import { randomBytes, randomUUID } from 'node:crypto';
import type { RawData, WebSocket } from 'ws';
import { runAgent, type RunDeps, type RunSink } from '../agent/agent-run.ts';
import type { AgentEvent } from '../agent/agent-event.ts';
import type { User } from '../auth/user-store.ts';
import type { Core } from '../core.ts';
import type { ConnectionView, ErrorIds, Turn, WireErrorCode, WsDialect } from '../dialects/dialect.ts';
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
  /** ping-nonce keepalive: the nonces of the pings still unanswered (at most two), and how many in a row. */
  #awaitedNonces: string[] = [];
  #missedPings = 0;
  /** Request ids already used on this connection (a second turn with one is refused). */
  readonly #requestIds = new Set<string>();
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
    socket.on('close', () => this.#onClose());
    socket.on('ping', () => this.#idleDrop?.refresh());
    socket.on('pong', () => this.#idleDrop?.refresh());
    socket.on('error', () => undefined);
  }

  /** Registers the connection and sends the ready frame before anything else can be sent. */
  open(): void {
    this.#core.hub.add(this);
    this.send(this.#dialect.established(this));
    const every = this.#core.settings.heartbeatMs;
    if (this.#dialect.keepalive === 'heartbeat-when-quiet') {
      this.#heartbeat = setInterval(() => this.send(this.#dialect.heartbeat(this, '')), every);
    } else if (this.#dialect.keepalive === 'ping-nonce') {
      this.#heartbeat = setInterval(() => this.#keepalivePing(), every);
    }
    this.#heartbeat?.unref();
    const idleDropMs = this.#core.faults.current.idleDropMs;
    if (idleDropMs !== undefined) {
      // As an intermediary's idle timeout does: the TCP connection destroyed, no close frame.
      this.#idleDrop = setTimeout(() => this.#socket.terminate(), idleDropMs);
      this.#idleDrop.unref();
    }
  }

  /** Sends one frame, unless F9's drop-event suppresses frames of its kind. */
  send(frame: Frame, event?: AgentEvent): void {
    if (this.#core.faults.current.dropEvents.has(this.#dialect.frameKind(frame, event))) return;
    if (this.#socket.readyState !== this.#socket.OPEN) return;
    this.#socket.send(JSON.stringify(frame));
    this.sent += 1;
    this.#idleDrop?.refresh();
  }

  /** The server-initiated keepalive: the second ping in a row left unanswered closes the socket. */
  #keepalivePing(): void {
    if (this.#awaitedNonces.length > 0) {
      this.#missedPings += 1;
      if (this.#missedPings >= 2) {
        this.#core.log.info('keepalive timeout', { connection: this.connectionId });
        this.#socket.close(4408, 'keepalive timeout');
        return;
      }
    }
    const nonce = randomBytes(4).toString('hex');
    this.#awaitedNonces = [...this.#awaitedNonces.slice(-1), nonce];
    this.send(this.#dialect.heartbeat(this, nonce));
  }

  /** A pong echoing the nonce of an unanswered ping (a late answer to the previous one too) proves the peer alive. */
  #onPong(nonce: string | undefined): void {
    // ignore-pong: the server loses every answer, so even a diligent client is closed 4408.
    if (this.#core.faults.current.ignorePong) return;
    if (nonce === undefined || !this.#awaitedNonces.includes(nonce)) return;
    this.#awaitedNonces = [];
    this.#missedPings = 0;
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
    // A heartbeat is due only after a quiet interval: any client frame restarts the wait. A nonce ping is not: the
    // client must answer it, whatever else it sends.
    if (this.#dialect.keepalive === 'heartbeat-when-quiet') this.#heartbeat?.refresh();
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
      case 'pong':
        this.#onPong(inbound.nonce);
        return;
      case 'ignore':
        return;
      case 'error':
        this.#sendError(
          inbound.code,
          inbound.message,
          inbound.requestId === undefined ? undefined : { requestId: inbound.requestId },
        );
        return;
      case 'ask': {
        const { requestId } = inbound;
        if (requestId !== undefined) {
          if (this.#requestIds.has(requestId)) {
            this.#sendError('duplicate_request', 'this request id was already used on this connection', {
              requestId,
            });
            return;
          }
          this.#requestIds.add(requestId);
        }
        const turn: Turn = requestId === undefined ? {} : { requestId };
        runAgent(this.#runDeps, this.#sink(turn), {
          content: inbound.content,
          threadId: inbound.threadId,
        }).catch((err: unknown) => {
          this.#core.log.info('agent run failed', { connection: this.connectionId, error: String(err) });
        });
        return;
      }
    }
  }

  #sendError(code: WireErrorCode, message: string, ids?: ErrorIds): void {
    this.send(this.#dialect.errorFrame(code, message, this, ids));
  }

  #sink(turn: Turn): RunSink {
    return {
      userId: this.user.id,
      ...(this.#echo !== undefined ? { echoToken: this.#echo } : {}),
      signal: this.#runs.signal,
      emit: (event) => this.#emitRunEvent(event, turn),
      error: (code, message, ids) => this.#sendError(code, message, { ...ids, ...turn }),
      close: (code, reason) => this.#socket.close(code, reason),
    };
  }

  #emitRunEvent(event: AgentEvent, turn: Turn): void {
    const frame = this.#dialect.renderEvent(event, turn);
    if (frame === null) return;
    const faults = this.#core.faults.current;
    // lumen: every open socket of the user gets the turn (fanout-missing: only the one that asked).
    const fanOut = this.#dialect.fanOut && !faults.fanoutMissing;
    const recipients = fanOut ? this.#core.hub.ofUser(this.user.id) : [this];
    for (const conn of recipients) conn.send(frame, event);
    // F10: the run's events also reach every other user's connections.
    if (faults.crossUserLeak) {
      for (const other of this.#core.hub.othersThan(this.user.id)) other.send(frame, event);
    }
  }

  #onClose(): void {
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
