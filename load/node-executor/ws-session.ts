// Runs one SessionDriver on a `ws` socket with one timer; resolves when the session is over and its socket gone.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { correlationHeaders } from '../../src/clients/correlation.ts';
import { describeNetworkError } from '../../src/clients/errors.ts';
import { wsText } from '../../src/clients/ws-data.ts';
import { WakeTimer, type Clock } from '../lib/session-timer.ts';
import {
  SessionDriver,
  type MetricSink,
  type SessionListener,
  type SessionPort,
  type SessionSpec,
} from '../lib/session.ts';

/** The sessions in flight, so a stop (Ctrl-C, a hard threshold, the end) can reach every socket. */
export type ActiveSessions = Set<{ stop(now: number): void; kill(): void }>;

const NODE_CLOCK: Clock<NodeJS.Timeout> = { now: () => performance.now(), setTimeout, clearTimeout };

type SessionArgs = [
  spec: SessionSpec,
  wsUrl: string,
  token: string,
  sink: MetricSink,
  listener: SessionListener,
  active: ActiveSessions,
];

export function runWsSession(...args: SessionArgs): Promise<void> {
  return new Promise<void>((resolve) => new WsSession(args, resolve).start());
}

/**
 * The socket's side of one session. Its handlers are prototype methods and the listeners on the socket unnamed
 * arrows: tsx compiles with esbuild's keepNames, which gives every named per-session closure its own property
 * store (256 bytes each): nine of them were 2.3 KiB of heap a session.
 */
class WsSession implements SessionPort {
  readonly #driver: SessionDriver;
  readonly #socket: WebSocket;
  readonly #timer: WakeTimer<NodeJS.Timeout>;
  readonly #active: ActiveSessions;
  readonly #resolve: () => void;
  #opened = false;
  #finished = false;

  constructor(args: SessionArgs, resolve: () => void) {
    const [spec, wsUrl, token, sink, listener, active] = args;
    this.#active = active;
    this.#resolve = resolve;
    this.#driver = new SessionDriver(spec, this, sink, listener);
    const request = this.#driver.upgrade(wsUrl, token);
    this.#socket = new WebSocket(request.url, request.protocols, {
      headers: { ...correlationHeaders(), ...request.headers },
      perMessageDeflate: false,
      handshakeTimeout: spec.connectTimeoutMs,
    });
    this.#timer = new WakeTimer(this.#driver, NODE_CLOCK, () => this.kill());
  }

  start(): void {
    this.#active.add(this);
    const socket = this.#socket;
    socket.on('open', () => this.#onOpen());
    socket.on('message', (raw: WebSocket.RawData) => this.#onMessage(raw));
    socket.on('pong', () => this.#onPong());
    socket.on('unexpected-response', (req, res) => {
      this.#driver.onUpgradeFailed(
        performance.now(),
        `upgrade answered ${res.statusCode ?? 0} (expected 101)`,
        res.statusCode,
      );
      res.resume();
      req.destroy();
      this.kill();
    });
    socket.on('error', (error) => this.#onError(error));
    socket.on('close', (code) => this.#onClose(code));
    this.#timer.arm();
  }

  // SessionPort: what the driver does to the socket.
  send(text: string): void {
    if (this.#socket.readyState === WebSocket.OPEN) this.#socket.send(text);
  }

  ping(): void {
    if (this.#socket.readyState === WebSocket.OPEN) this.#socket.ping();
  }

  close(code: number, reason: string): boolean {
    if (this.#socket.readyState === WebSocket.OPEN) {
      this.#socket.close(code, reason);
      return true;
    }
    this.#socket.terminate();
    return false;
  }

  // ActiveSessions: what a stop of the run does to the session.
  stop(now: number): void {
    this.#driver.stop(now);
    this.#timer.arm();
  }

  /** Over: timer cleared, socket dropped if still there, promise resolved (once). */
  kill(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#timer.clear();
    this.#active.delete(this);
    if (this.#socket.readyState !== WebSocket.CLOSED) this.#socket.terminate();
    this.#resolve();
  }

  #onOpen(): void {
    this.#opened = true;
    this.#driver.onOpen();
    this.#timer.arm();
  }

  #onMessage(raw: WebSocket.RawData): void {
    const at = performance.now();
    this.#driver.onMessage(wsText(raw), at);
    this.#timer.arm();
  }

  #onPong(): void {
    this.#driver.onControlPong();
    this.#timer.arm();
  }

  #onError(error: Error): void {
    if (this.#opened) return;
    this.#driver.onUpgradeFailed(
      performance.now(),
      /timed out/i.test(error.message) ? 'upgrade timed out' : describeNetworkError(error),
    );
    this.kill();
  }

  #onClose(code: number): void {
    this.#driver.onClose(code, performance.now());
    this.kill();
  }
}
