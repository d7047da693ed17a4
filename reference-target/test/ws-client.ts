// Test helper: a ws client that records every frame and close, with bounded waits that name what they awaited.
import { WebSocket, type ClientOptions } from 'ws';

export type Frame = Record<string, unknown> & { type?: unknown };

export interface Closed {
  readonly code: number;
  readonly reason: string;
}

export class FrameClient {
  readonly ws: WebSocket;
  readonly frames: Frame[] = [];
  readonly closed: Promise<Closed>;
  /** Set when the upgrade was answered with an HTTP status instead of 101. */
  rejectedStatus: number | undefined;
  rejectedBody = '';
  readonly #waiters = new Set<() => void>();

  constructor(url: string, protocols: string[] = [], options: ClientOptions = {}) {
    this.ws = new WebSocket(url, protocols, options);
    this.ws.on('message', (data) => {
      const text = (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer)).toString('utf8');
      let frame: Frame;
      try {
        frame = JSON.parse(text) as Frame;
      } catch {
        frame = { type: '__unparsable__', raw: text };
      }
      this.frames.push(frame);
      for (const wake of this.#waiters) wake();
    });
    this.closed = new Promise((resolve) => {
      this.ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const wake of this.#waiters) wake();
      });
    });
    this.ws.on('unexpected-response', (_req, res) => {
      this.rejectedStatus = res.statusCode;
      res.on('data', (chunk: Buffer) => (this.rejectedBody += chunk.toString()));
      res.on('end', () => {
        for (const wake of this.#waiters) wake();
        this.ws.terminate();
      });
    });
    this.ws.on('error', () => undefined);
  }

  get protocol(): string {
    return this.ws.protocol;
  }

  /** Resolves when the socket is open; rejects (naming the status) when the upgrade was refused. */
  opened(timeoutMs = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.ws.readyState === WebSocket.OPEN) return resolve();
      const timer = setTimeout(
        () => reject(new Error(`WebSocket did not open within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.ws.once('open', () => {
        clearTimeout(timer);
        resolve();
      });
      this.ws.once('close', () => {
        clearTimeout(timer);
        reject(new Error(`WebSocket closed before opening (HTTP ${this.rejectedStatus ?? '?'})`));
      });
    });
  }

  /** The upgrade's HTTP status when it was refused (waits for the answer). */
  async rejection(timeoutMs = 5000): Promise<{ status: number; body: string }> {
    await this.#until(
      () => this.rejectedStatus !== undefined && this.ws.readyState === WebSocket.CLOSED,
      timeoutMs,
      'upgrade rejection',
    );
    return { status: this.rejectedStatus ?? 0, body: this.rejectedBody };
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first recorded frame (from `from` on) of the given type. */
  async next(type: string, timeoutMs = 5000, from = 0): Promise<Frame> {
    let hit: Frame | undefined;
    await this.#until(
      () => (hit = this.frames.slice(from).find((f) => f.type === type)) !== undefined,
      timeoutMs,
      `frame "${type}"`,
    );
    return hit as Frame;
  }

  /** Waits until `done` holds over the recorded frames. */
  async until(done: (frames: Frame[]) => boolean, what: string, timeoutMs = 5000): Promise<Frame[]> {
    await this.#until(() => done(this.frames), timeoutMs, what);
    return this.frames;
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close();
    await Promise.race([this.closed, new Promise((r) => setTimeout(r, 1000))]);
    this.ws.terminate();
  }

  #until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
        resolve();
      };
      const wake = (): void => {
        if (check()) done();
        else if (this.ws.readyState === WebSocket.CLOSED && this.rejectedStatus === undefined && !check()) {
          clearTimeout(timer);
          this.#waiters.delete(wake);
          reject(new Error(`socket closed while waiting for ${what}; frames: ${this.types().join(', ')}`));
        }
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(wake);
        reject(
          new Error(
            `timed out after ${timeoutMs} ms waiting for ${what}; frames: ${this.types().join(', ')}`,
          ),
        );
      }, timeoutMs);
      this.#waiters.add(wake);
      if (check()) done();
    });
  }

  types(): string[] {
    return this.frames.map((f) => String(f.type));
  }
}

export function wsUrl(httpBase: string, path = '/ws'): string {
  return `${httpBase.replace(/^http/, 'ws')}${path}`;
}

export function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** Connects with the header carrier and waits for the ready frame. */
export async function connectWithHeader(httpBase: string, token: string): Promise<FrameClient> {
  const client = new FrameClient(wsUrl(httpBase), [], { headers: { authorization: `Bearer ${token}` } });
  await client.next('connection_established');
  return client;
}

/** Asks a question and waits for the run's terminal frame; returns the frames from the question on. */
export async function ask(
  client: FrameClient,
  content: string,
  threadId?: string,
  timeoutMs = 10_000,
): Promise<Frame[]> {
  const from = client.frames.length;
  client.send({ type: 'user_message', payload: threadId ? { content, thread_id: threadId } : { content } });
  const terminal = new Set(['agent_completed', 'agent_error', 'error']);
  await client.until(
    (frames) => frames.slice(from).some((f) => terminal.has(String(f.type))),
    `the answer to "${content}"`,
    timeoutMs,
  );
  return client.frames.slice(from);
}
