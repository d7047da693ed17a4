// One WebSocket connection: opened with chosen auth carriers, every frame stamped on arrival, bounded waits.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { AuthCarrier } from '../../profiles/define.ts';
import { redact } from '../config/secret.ts';
import { diagnosed } from '../diagnosis/index.ts';
import { adapterFor, type DialectAdapter, type Identity } from '../protocol/adapter.ts';
import type { Frame, FrameReader } from '../protocol/frames.ts';
import { matches, readId } from '../protocol/json-path.ts';
import { echoCarriesToken } from './carriers.ts';
import { correlationHeaders, noteAnswer } from './correlation.ts';
import { formatSeconds } from '../format/duration.ts';
import { ClientError, networkFailure, type ClientErrorCode } from './errors.ts';
import { upgradeFact } from './evidence.ts';
import type { CloseInfo, UpgradeMeta, UpgradeOutcome } from './upgrade-outcome.ts';
import { wsText } from './ws-data.ts';

/** ws.maxFrameBytes when the profile does not say: 1 MiB, far above any answer frame the built-in dialects send. */
export const DEFAULT_MAX_FRAME_BYTES = 1_048_576;

export interface OpenOptions {
  url: string;
  token?: string;
  carriers: readonly AuthCarrier[];
  reader: FrameReader;
  connectTimeoutMs: number;
  /** Extra query parameters (a ticket). */
  query?: Record<string, string>;
  /** Whom the connection is for: the URL and carrier templates may name `{{userId}}`, `{{username}}`. */
  identity?: Identity;
  /** The token is deliberately bad (refusal checks): a refusal is then not a fault of the target. */
  badToken?: boolean;
}

export class WsConnection {
  readonly frames: Frame[] = [];
  readonly reader: FrameReader;
  readonly url: string;
  readonly startedAt: number;
  readonly socket: WebSocket;
  outcome: UpgradeOutcome | undefined;
  closeInfo: CloseInfo | undefined;
  readyFrame: Frame | undefined;
  readyMs: number | undefined;
  /** When the client last wrote a frame (performance.now()), for idle measurements. */
  lastSentAt: number;
  /** The server keepalive frames this connection answered (ws.keepAlive.autoReply). */
  keepaliveReplies = 0;
  /** A frame refused for its size (the socket then closes 1009): its declared bytes when known, and the limit. */
  oversized: { bytes?: number; limit: number } | undefined;
  /** Facts for diagnosis: how the token was carried, whether it was meant to be refused. */
  readonly meta: UpgradeMeta;
  readonly #waiters = new Set<() => void>();
  readonly #opened: Promise<UpgradeOutcome>;
  readonly #adapter: DialectAdapter;

  private constructor(options: OpenOptions) {
    this.reader = options.reader;
    this.#adapter = adapterFor(options.reader.profile);
    const request = this.#adapter.upgrade(
      options.url,
      options.token,
      options.identity ?? {},
      options.carriers,
    );
    const { headers, protocols } = request;
    const url = new URL(request.url);
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
    this.url = url.toString();
    const token = options.token;
    this.meta = {
      carriers: options.carriers.map((c) => c.kind),
      tokenSent: token !== undefined && options.carriers.length > 0,
      badToken: options.badToken ?? false,
      echoCarriesToken: false,
    };
    this.startedAt = performance.now();
    this.lastSentAt = this.startedAt;
    const limit = options.reader.profile.ws.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this.socket = new WebSocket(this.url, protocols, {
      headers: { ...correlationHeaders(), ...headers },
      handshakeTimeout: options.connectTimeoutMs,
      perMessageDeflate: false,
      // A frame above the profile's limit is refused as its header arrives (close 1009), never buffered whole.
      maxPayload: limit,
    });
    this.socket.once('upgrade', (res) => noteAnswer(res.headers));
    // Listeners go on now: `ws` may deliver the server's first frame together with the handshake.
    this.socket.on('message', (raw: WebSocket.RawData) => this.#onMessage(raw));
    this.socket.on('close', (code, reason) => {
      this.closeInfo = { code, reason: reason.toString(), atMs: performance.now() - this.startedAt };
      this.#wake();
    });
    this.#opened = new Promise((resolve) => {
      const done = (outcome: UpgradeOutcome) => {
        this.outcome ??= outcome;
        resolve(this.outcome);
        this.#wake();
      };
      const timer = setTimeout(() => {
        done({ kind: 'timeout', ms: performance.now() - this.startedAt });
        this.socket.terminate();
      }, options.connectTimeoutMs + 100);
      this.socket.once('open', () => {
        clearTimeout(timer);
        // A first-message carrier: the token travels in the socket's first frame.
        for (const message of request.firstMessages) this.send(message);
        const selected = this.socket.protocol;
        this.meta.echoCarriesToken = token !== undefined && echoCarriesToken(selected, token);
        done({
          kind: 'open',
          protocol: this.socket.protocol,
          upgradeMs: performance.now() - this.startedAt,
          offered: protocols,
        });
      });
      this.socket.once('unexpected-response', (_req, res) => {
        clearTimeout(timer);
        noteAnswer(res.headers);
        let body = '';
        // What answered instead of the 101 (a proxy page, the app shell, a redirect): evidence for diagnosis.
        const contentType = res.headers['content-type'];
        const location = res.headers.location;
        const rejected = (text: string): UpgradeOutcome => ({
          kind: 'rejected',
          status: res.statusCode ?? 0,
          body: redact(text),
          ...(contentType ? { contentType } : {}),
          ...(location ? { location: redact(location) } : {}),
          upgradeMs: performance.now() - this.startedAt,
        });
        res.on('data', (chunk: Buffer) => (body += chunk.toString().slice(0, 500)));
        res.on('end', () => done(rejected(body)));
        res.on('error', () => done(rejected('')));
        setTimeout(() => res.destroy(), 1000).unref();
      });
      this.socket.once('error', (error) => {
        clearTimeout(timer);
        const ms = performance.now() - this.startedAt;
        if (/timed out/i.test(error.message)) done({ kind: 'timeout', ms });
        // 101 arrived, but without a subprotocol although one was offered: `ws` refuses it; for us it is an open
        // upgrade that lacks the echo (the F4 signature when a proxy strips Sec-WebSocket-Protocol).
        else if (/subprotocol/i.test(error.message))
          done({ kind: 'open', protocol: '', upgradeMs: ms, offered: protocols });
        else {
          const failure = networkFailure(error);
          done({ kind: 'network-error', reason: failure.phrase, network: failure.kind, ms });
        }
      });
    });
    // An error after open must not crash the process; it surfaces as a close (an oversized frame is noted first).
    this.socket.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH')
        this.oversized = oversizedFrame(this.socket, limit);
    });
  }

  /** Start an upgrade; resolves when it is settled (open, rejected, failed, timed out). */
  static async attempt(options: OpenOptions): Promise<WsConnection> {
    const connection = new WsConnection(options);
    await connection.#opened;
    return connection;
  }

  /** Open and wait for the profile's ready frame; throws a coded error naming what happened. */
  static async open(options: OpenOptions, register?: (c: WsConnection) => void): Promise<WsConnection> {
    const connection = await WsConnection.attempt(options);
    register?.(connection);
    const o = connection.outcome;
    const where = redact(connection.url);
    const fail = (code: ClientErrorCode, message: string, evidence: Record<string, unknown>): ClientError => {
      const why = diagnosed(message, {
        error: { code, message: `${code}: ${message}` },
        upgrades: [upgradeFact(connection)],
        ...(connection.oversized ? { oversizedFrame: connection.oversized } : {}),
      });
      return new ClientError(code, why.message, evidence, why.finding);
    };
    if (o?.kind === 'rejected') {
      throw fail('WS_UPGRADE_REJECTED', `upgrade to ${where} answered ${o.status} (expected 101)`, {
        ...o,
        url: where,
      });
    }
    if (
      o?.kind === 'open' &&
      connection.socket.readyState !== WebSocket.OPEN &&
      o.protocol === '' &&
      o.offered.length > 0
    ) {
      throw fail(
        'WS_SUBPROTOCOL',
        `upgrade to ${where} answered 101 without any of the offered subprotocols`,
        {
          url: where,
        },
      );
    }
    if (o?.kind === 'network-error') {
      throw fail(
        o.reason === 'connection refused' || o.reason.startsWith('DNS')
          ? 'TARGET_UNREACHABLE'
          : 'WS_CONNECT_FAILED',
        `upgrade to ${where} failed: ${o.reason}`,
        { ...o, url: where },
      );
    }
    if (o?.kind === 'timeout') {
      throw fail(
        'WS_HANDSHAKE_TIMEOUT',
        `upgrade to ${where} not answered within ${options.connectTimeoutMs} ms`,
        { ...o, url: where },
      );
    }
    try {
      await connection.waitForReady(options.connectTimeoutMs);
    } catch (error) {
      if (error instanceof ClientError && error.code !== 'PROFILE_MISMATCH') {
        throw fail(error.code, error.detail, { ...error.evidence });
      }
      throw error;
    }
    return connection;
  }

  get redactedUrl(): string {
    return redact(this.url);
  }

  get upgradeMs(): number | undefined {
    return this.outcome?.kind === 'open' ? this.outcome.upgradeMs : undefined;
  }

  get selectedProtocol(): string {
    return this.outcome?.kind === 'open' ? this.outcome.protocol : '';
  }

  /** The id the ready frame gives the connection (ws.ready.connectionIdPath), so evidence can name it. */
  get connectionId(): string | undefined {
    return this.readyFrame
      ? readId(this.readyFrame.data, this.profile().ws.ready.connectionIdPath)
      : undefined;
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Wait for the ready frame. The first non-keep-alive frame must be it: anything else is a profile mismatch. */
  async waitForReady(timeoutMs: number): Promise<Frame> {
    if (this.readyFrame) return this.readyFrame;
    const ready = this.profile().ws.ready;
    await this.#until(
      timeoutMs,
      () =>
        this.readyFrame !== undefined ||
        this.#firstMeaningful() !== undefined ||
        this.closeInfo !== undefined,
    );
    if (this.readyFrame) return this.readyFrame;
    const first = this.#firstMeaningful();
    const expected = Object.entries(ready.match)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(', ');
    const refusal = this.profile().ws.rejection.errorFrame;
    if (first && refusal && matches(first.data, refusal)) {
      // The profile's refusal shape: accepted, an error frame, then a close. Wait (bounded) for that close.
      await this.#until(Math.min(timeoutMs, 2000), () => this.closeInfo !== undefined);
      const c = this.closeInfo;
      throw new ClientError(
        'WS_AUTH_REFUSED',
        `authentication refused after the upgrade: ${preview(first.data)}${c ? `, then close ${c.code} "${c.reason}"` : ''}`,
        {
          frame: first.data,
          close: c,
        },
      );
    }
    if (first) {
      throw new ClientError(
        'PROFILE_MISMATCH',
        `first frame from ${redact(this.url)} does not match the profile's ready frame (${expected}): ${preview(first.data)}`,
        {
          frame: first.data,
          profile: this.profile().name,
        },
      );
    }
    if (this.closeInfo) {
      const c = this.closeInfo;
      throw new ClientError(
        'WS_CLOSED_BEFORE_READY',
        `connection closed ${c.code} "${c.reason}" at +${formatSeconds(c.atMs)} before the ready frame (${expected})`,
        {
          close: c,
          frames: this.frames.length,
        },
      );
    }
    // A 101 followed by nothing at all: the server took the connection and never spoke on it.
    throw new ClientError(
      'WS_READY_TIMEOUT',
      this.frames.length === 0
        ? `upgrade to ${redact(this.url)} answered 101, then sent nothing for ${timeoutMs} ms (no ready frame: ${expected})`
        : `no ready frame (${expected}) within ${timeoutMs} ms of opening ${redact(this.url)}; ${this.frames.length} frame(s) seen`,
      {
        frames: this.frames.length,
      },
    );
  }

  send(message: unknown): number {
    const at = performance.now();
    this.socket.send(JSON.stringify(message));
    this.lastSentAt = at;
    return at;
  }

  /** Resolve when `check` holds, or false at once when the socket is (or gets) closed, or when the deadline passes. */
  async until(timeoutMs: number, check: () => boolean): Promise<boolean> {
    return this.#until(timeoutMs, check);
  }

  async close(code = 1000, timeoutMs = 2000): Promise<CloseInfo | undefined> {
    if (this.socket.readyState === WebSocket.CLOSED) return this.closeInfo;
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(code);
    else this.socket.terminate();
    await this.#until(timeoutMs, () => this.closeInfo !== undefined, true);
    if (!this.closeInfo) this.socket.terminate();
    return this.closeInfo;
  }

  profile() {
    return this.reader.profile;
  }

  #onMessage(raw: WebSocket.RawData): void {
    const at = performance.now();
    for (const frame of this.#adapter.framesOf(wsText(raw), at)) {
      this.frames.push(frame);
      if (frame.kind === 'ready' && !this.readyFrame) {
        this.readyFrame = frame;
        this.readyMs = at - this.startedAt;
      }
      // The server's keepalive answered as the profile says (an echoed nonce) — a protocol duty, answered even by an
      // otherwise silent client, as `ws` answers control pings.
      const reply = this.#adapter.keepaliveReply(frame.data);
      if (reply !== undefined && this.isOpen) {
        this.send(reply);
        this.keepaliveReplies++;
      }
    }
    this.#wake();
  }

  #firstMeaningful(): Frame | undefined {
    return this.frames.find((f) => f.kind !== 'keepalive' && f.kind !== 'pong' && f.kind !== 'ready');
  }

  #wake(): void {
    for (const w of [...this.#waiters]) w();
  }

  #until(timeoutMs: number, check: () => boolean, ignoreClose = false): Promise<boolean> {
    if (check()) return Promise.resolve(true);
    // Closed already: nothing more can arrive, so the wait fails now, not when its deadline passes.
    if (!ignoreClose && this.closeInfo) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter = () => {
        if (check()) finish(true);
        else if (!ignoreClose && this.closeInfo) finish(false);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      const finish = (value: boolean) => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        resolve(value);
      };
      this.#waiters.add(waiter);
    });
  }
}

/**
 * The size of the frame `ws` refused: its receiver holds the declared length when it refuses (ws 8's private field,
 * read defensively — without it the message says "more than <limit> bytes").
 */
function oversizedFrame(socket: WebSocket, limit: number): { bytes?: number; limit: number } {
  const receiver = (socket as unknown as { _receiver?: { _totalPayloadLength?: unknown } })._receiver;
  const bytes = receiver?._totalPayloadLength;
  return typeof bytes === 'number' && bytes > limit ? { bytes, limit } : { limit };
}

export function preview(data: unknown, max = 160): string {
  const text = redact(JSON.stringify(data) ?? String(data));
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
