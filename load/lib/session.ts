// One load session as a state machine, engine-neutral: ready frame → question → answer → held with heartbeats
// and paced questions → close. k6 and the Node executor only wire a socket and a timer to it.
import type { Profile } from '../../profiles/define.ts';
import type { SlaTable } from '../../src/config/sla-table.ts';
import { adapterFor, freshNonce, type DialectAdapter, type Upgrade } from '../../src/protocol/adapter.ts';
import type { Frame, FrameReader } from '../../src/protocol/frames.ts';
import { foreignMarkers, frameContent, requestMarker } from '../../src/protocol/cross-user.ts';
import { readId } from '../../src/protocol/json-path.ts';
import { readyClaimMatches } from '../../src/protocol/identity.ts';
import { RunTracker } from '../../src/protocol/run-tracker.ts';
import { M, type MetricDefinition } from './metrics.ts';
import { judgeRun, type RunEnd } from './run-verdict.ts';
import type { ProblemKind } from './problems.ts';

/** Where the driver's measurements go (k6 metrics, or the Node executor's histograms). */
export interface MetricSink {
  add(metric: MetricDefinition, value: number | boolean): void;
}

/** The socket as the driver sees it. */
export interface SessionPort {
  send(text: string): void;
  /** An RFC 6455 ping (profiles whose keepalive is `control`); absent where the engine has none. */
  ping?(): void;
  /** Starts a close; false when the socket is not open (still connecting, or gone): the session ends at once. */
  close(code: number, reason: string): boolean;
}

/**
 * The codes the driver closes with: 1000 or application codes (4000–4999), the only ones a client may send
 * (k6's close() throws on any other, as browsers do).
 */
export const CLOSE_CODES = {
  normal: 1000,
  stopped: 4001,
  unexpectedFrame: 4002,
} as const;

/** Optional observer: live progress and the summary's error sample. */
export interface SessionListener {
  ready?(): void;
  ended?(): void;
  run?(good: boolean, ms: number | undefined): void;
  /** `kind` names what failed, for engines that count problems by kind (k6). */
  error?(problem: string, kind?: ProblemKind): void;
}

export interface SessionSpec {
  reader: FrameReader;
  sla: SlaTable;
  environment: string;
  question: string;
  followUp: string;
  /** All times on the adapter's clock, in ms. */
  startedAt: number;
  holdUntil: number;
  connectTimeoutMs: number;
  agentTimeoutMs: number;
  gracefulStopMs: number;
  pingEveryMs: number;
  askEveryMs: number;
  /** The user id the login reported; else the ready frame's is taken. */
  expectedUserId?: string;
  /** Login start when this session's VU logged in just before it (for golden_path.e2e). */
  journeyStartedAt?: number;
  /**
   * Which test user the session is ([a-z0-9]): each question then carries a request marker naming it, and a frame
   * carrying another user's marker is an isolation breach even when no frame names a user.
   */
  userKey?: string;
}

type Phase = 'connecting' | 'ready-wait' | 'running' | 'idle' | 'closing' | 'done';

// Bounds the wait for the peer's close answer before the adapter drops the socket.
const CLOSE_WAIT_MS = 2000;

export class SessionDriver {
  readonly #spec: SessionSpec;
  readonly #port: SessionPort;
  readonly #sink: MetricSink;
  readonly #listener: SessionListener;
  readonly #profile: Profile;
  readonly #adapter: DialectAdapter;
  #upgrade: Upgrade | undefined;
  #phase: Phase = 'connecting';
  #expectedUser: string | undefined;
  #run: RunTracker | undefined;
  #sentAt = 0;
  /** The current question's request marker (when the spec names the user). */
  #marker: string | undefined;
  #runDeadline = 0;
  #runs = 0;
  #threadId: string | undefined;
  /** The thread the current run's question was sent in (a follow-up's). */
  #sentThreadId: string | undefined;
  #nextPingAt = Infinity;
  #nextAskAt = Infinity;
  #closeDeadline = Infinity;
  #held = false;
  #handshakeJudged = false;
  #stopping = false;

  constructor(spec: SessionSpec, port: SessionPort, sink: MetricSink, listener: SessionListener = {}) {
    this.#spec = spec;
    this.#port = port;
    this.#sink = sink;
    this.#listener = listener;
    this.#profile = spec.reader.profile;
    this.#adapter = adapterFor(this.#profile);
    this.#expectedUser = spec.expectedUserId;
  }

  /** The upgrade request for this session's token, as the profile's carriers build it (one implementation). */
  upgrade(wsUrl: string, token: string): Upgrade {
    this.#upgrade = this.#adapter.upgrade(wsUrl, token, { userId: this.#expectedUser });
    return this.#upgrade;
  }

  get done(): boolean {
    return this.#phase === 'done';
  }

  get held(): boolean {
    return this.#held;
  }

  /** The next instant the driver must be ticked at (the adapter arms one timer for it). */
  get wakeAt(): number {
    const s = this.#spec;
    switch (this.#phase) {
      case 'connecting':
      case 'ready-wait':
        return s.startedAt + s.connectTimeoutMs;
      case 'running':
        return Math.min(
          this.#runDeadline,
          this.#nextPingAt,
          this.#held ? s.holdUntil + s.gracefulStopMs : s.holdUntil,
        );
      case 'idle':
        return Math.min(this.#nextPingAt, this.#nextAskAt, s.holdUntil);
      case 'closing':
        return this.#closeDeadline;
      case 'done':
        return Infinity;
    }
  }

  onOpen(): void {
    if (this.#phase !== 'connecting') return;
    this.#phase = 'ready-wait';
    // A first-message carrier: the token travels in the socket's first frame.
    for (const message of this.#upgrade?.firstMessages ?? []) this.#send(message);
  }

  /** The upgrade was refused or failed (status when the server answered one). */
  onUpgradeFailed(now: number, problem: string, status?: number): void {
    // Already over (stopped or timed out while connecting): the failure is the adapter dropping the attempt.
    if (this.#phase === 'done') return;
    if (status !== undefined && status >= 500) this.#sink.add(M.http5xx, 1);
    this.#handshake(now, false, problem);
    this.#phase = 'done';
    this.#listener.ended?.();
  }

  /** The answer to an RFC 6455 ping (a `control` keepalive): counted as any pong, whichever engine saw it. */
  onControlPong(): void {
    if (this.#phase !== 'done') this.#sink.add(M.pongs, 1);
  }

  onMessage(text: string, at: number): void {
    for (const frame of this.#adapter.framesOf(text, at)) this.#onFrame(frame, at, text);
  }

  #onFrame(frame: Frame, at: number, text: string): void {
    if (this.#phase === 'done') return;
    const kind = frame.kind;
    this.#checkIsolation(frame, text);
    const reply = this.#adapter.keepaliveReply(frame.data);
    if (reply !== undefined) this.#send(reply);
    if (kind === 'pong') this.#sink.add(M.pongs, 1);

    if (this.#phase === 'ready-wait') {
      if (kind === 'ready') {
        this.#handshake(at, true);
        this.#sink.add(M.sessionsOpened, 1);
        this.#listener.ready?.();
        this.#nextPingAt = this.#spec.pingEveryMs > 0 ? at + this.#spec.pingEveryMs : Infinity;
        this.#ask(at);
      } else if (kind !== 'keepalive' && kind !== 'pong') {
        this.#handshake(
          at,
          false,
          `first frame is not the profile's ready frame (${frame.type ?? 'untyped'})`,
        );
        this.#close(at, CLOSE_CODES.unexpectedFrame, 'unexpected first frame');
      }
      return;
    }
    if (this.#phase !== 'running' || kind === 'keepalive' || kind === 'pong') return;
    // A leaked terminal frame (another user's) or another run's does not end this run.
    if (this.#run?.accept(frame).role === 'terminal') this.#finishRun(at, 'terminal');
  }

  onClose(code: number, now: number): void {
    if (this.#phase === 'done') return;
    if (code === 1011) this.#sink.add(M.close1011, 1);
    if (this.#phase === 'connecting' || this.#phase === 'ready-wait')
      this.#handshake(now, false, `closed ${code} before the ready frame`);
    if (this.#phase === 'running') this.#finishRun(now, this.#stopping ? 'interrupted' : 'closed');
    if (!this.#held && !this.#stopping && this.#handshakeJudged && this.#phase !== 'closing') {
      this.#sink.add(M.sessionsDropped, 1);
      this.#listener.error?.(`server closed the session ${code} before the end of the window`, 'dropped');
    }
    this.#phase = 'done';
    this.#listener.ended?.();
  }

  /** Deadlines: connect, run, heartbeat, pace, end of window, close answer. */
  tick(now: number): void {
    const s = this.#spec;
    const phase = this.#phase;
    if (phase === 'connecting' || phase === 'ready-wait') {
      if (now < s.startedAt + s.connectTimeoutMs) return;
      this.#handshake(now, false, `no ready frame within ${s.connectTimeoutMs} ms`);
      return this.#close(now, CLOSE_CODES.normal, 'handshake timeout');
    }
    if (phase === 'closing') {
      if (now < this.#closeDeadline) return;
      this.#phase = 'done';
      this.#listener.ended?.();
      return;
    }
    if (phase === 'done') return;
    this.#markHeld(now);
    if (phase === 'running') {
      if (now >= this.#runDeadline) this.#finishRun(now, 'timeout');
      else if (this.#held && now >= s.holdUntil + s.gracefulStopMs) this.#finishRun(now, 'interrupted');
    }
    // Idle (again): the window is over, or the next question is due.
    if (this.#isIdle()) {
      if (this.#held) return this.#close(now, CLOSE_CODES.normal, 'load window over');
      if (now >= this.#nextAskAt) this.#ask(now);
    }
    if (now >= this.#nextPingAt) {
      const ping = this.#adapter.clientPing();
      if (ping === 'control') this.#port.ping?.();
      else if (ping !== undefined) this.#send(ping);
      if (ping !== undefined) this.#sink.add(M.pings, 1);
      this.#nextPingAt = now + s.pingEveryMs;
    }
  }

  #isIdle(): boolean {
    return this.#phase === 'idle';
  }

  /** Stop now (Ctrl-C, a hard threshold): a run in progress is interrupted, not failed. */
  stop(now: number): void {
    this.#stopping = true;
    if (this.#phase === 'running') this.#finishRun(now, 'interrupted');
    if (this.#phase === 'connecting' || this.#phase === 'ready-wait' || this.#phase === 'idle')
      this.#close(now, CLOSE_CODES.stopped, 'load run stopped');
  }

  #ask(now: number): void {
    const first = this.#runs === 0;
    const asked = first ? this.#spec.question : this.#spec.followUp;
    const key = this.#spec.userKey;
    // Math.random: the marker only has to differ between requests; k6 has no node:crypto.
    const marker = (this.#marker =
      key === undefined
        ? undefined
        : requestMarker(key, Math.random().toString(16).slice(2, 14).padEnd(12, '0')));
    const text = marker === undefined ? asked : `${asked} (${marker})`;
    this.#run = new RunTracker(this.#spec.reader, {
      ...(this.#expectedUser !== undefined ? { expectedUserId: this.#expectedUser } : {}),
      ...(marker !== undefined ? { requestMarker: marker } : {}),
    });
    this.#sentAt = now;
    this.#sentThreadId = this.#threadId;
    const vars = { text, thread_id: this.#threadId, nonce: freshNonce(), userId: this.#expectedUser };
    this.#send(this.#adapter.encodeQuestion(first, vars));
    this.#runs++;
    this.#sink.add(M.runs, 1);
    this.#runDeadline = now + this.#spec.agentTimeoutMs;
    this.#phase = 'running';
  }

  #finishRun(now: number, end: RunEnd | 'interrupted'): void {
    const frames = this.#run?.frames.map((t) => t.frame) ?? [];
    this.#run = undefined;
    this.#phase = 'idle';
    this.#nextAskAt = this.#spec.askEveryMs > 0 ? now + this.#spec.askEveryMs : Infinity;
    if (end === 'interrupted') {
      this.#sink.add(M.runsInterrupted, 1);
      return;
    }
    const s = this.#spec;
    const first = this.#runs === 1;
    const verdict = judgeRun(
      {
        frames,
        sentAt: this.#sentAt,
        end,
        expectedUserId: this.#expectedUser,
        sentThreadId: this.#sentThreadId,
        journeyStartedAt: first ? s.journeyStartedAt : undefined,
        agentTimeoutMs: s.agentTimeoutMs,
        requestMarker: this.#marker,
      },
      s.reader,
      s.sla,
      s.environment,
    );
    const t = verdict.timing;
    this.#sink.add(M.eventsComplete, verdict.complete);
    this.#sink.add(M.journeyOk, verdict.goodput);
    if (t.firstEventMs !== undefined) this.#sink.add(M.firstEvent, t.firstEventMs);
    if (t.firstTokenMs !== undefined) this.#sink.add(M.firstToken, t.firstTokenMs);
    if (t.maxGapMs !== undefined) this.#sink.add(M.maxGap, t.maxGapMs);
    if (t.eventSpread !== undefined) this.#sink.add(M.spread, t.eventSpread);
    if (t.streamRatePerS !== undefined) this.#sink.add(M.streamRate, t.streamRatePerS);
    if (t.completedMs !== undefined) this.#sink.add(M.run, t.completedMs);
    if (verdict.e2eMs !== undefined) this.#sink.add(M.journey, verdict.e2eMs);
    this.#threadId = verdict.threadId ?? this.#threadId;
    this.#listener.run?.(verdict.goodput, t.completedMs);
    if (verdict.problem !== undefined) this.#listener.error?.(verdict.problem, 'run');
  }

  #handshake(now: number, ok: boolean, problem?: string): void {
    if (this.#handshakeJudged) return;
    this.#handshakeJudged = true;
    this.#sink.add(M.handshakeOk, ok);
    if (ok) this.#sink.add(M.handshake, now - this.#spec.startedAt);
    else if (problem !== undefined) this.#listener.error?.(`handshake failed: ${problem}`, 'handshake');
  }

  #markHeld(now: number): void {
    if (this.#held || now < this.#spec.holdUntil) return;
    this.#held = true;
    this.#sink.add(M.sessionsHeld, 1);
  }

  /**
   * F10: any frame naming another user than the one logged in (compared exactly) is a breach, wherever it arrives;
   * the ready frame must claim that identity in the profile's form. Without a known identity, the first claim
   * that names it in full is taken. A frame carrying another user's request marker is a breach too, user id or not.
   */
  #checkIsolation(frame: Frame, text: string): void {
    if (!this.#profile.authEnforced) return;
    const key = this.#spec.userKey;
    const markers = key === undefined ? [] : foreignMarkers(frameContent(frame.data, text), key);
    if (markers.length > 0) {
      this.#breach(
        `isolation breach: ${frame.type ?? 'a frame'} carrying ${markers.join(', ')} reached user ${key}`,
      );
      return;
    }
    if (frame.data === undefined) return;
    const rule = this.#profile.ws.ready.userIdMatch;
    const ready = frame.kind === 'ready';
    const seen = ready
      ? readId(frame.data, this.#profile.ws.ready.userIdPath)
      : this.#spec.reader.id(frame.data, 'userId');
    if (seen === undefined) return;
    if (this.#expectedUser === undefined) {
      if (!ready || rule === 'exact') this.#expectedUser = seen;
      return;
    }
    if (ready ? !readyClaimMatches(seen, this.#expectedUser, rule) : seen !== this.#expectedUser)
      this.#breach(
        `isolation breach: ${frame.type ?? 'a frame'} for user ${seen} reached user ${this.#expectedUser}`,
      );
  }

  #breach(problem: string): void {
    this.#sink.add(M.isolation, 1);
    this.#listener.error?.(problem, 'isolation');
  }

  #send(message: unknown): void {
    this.#port.send(JSON.stringify(message));
  }

  #close(now: number, code: number, reason: string): void {
    this.#phase = 'closing';
    this.#closeDeadline = now + CLOSE_WAIT_MS;
    // A socket still connecting has nothing to close (k6's close() would block until it connects): done now.
    if (this.#port.close(code, reason)) return;
    this.#phase = 'done';
    this.#listener.ended?.();
  }
}
