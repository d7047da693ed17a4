// The Golden Path on the wire: token → WebSocket → ready frame → question → the agent's events → answer.
import { finding } from '../diagnosis/finding.ts';
import { withCause } from '../diagnosis/render.ts';
import { note } from '../diagnosis/trail.ts';
import { performance } from 'node:perf_hooks';
import type { AuthCarrier } from '../../profiles/define.ts';
import type { Config, TestUser } from '../config/index.ts';
import { FrameReader } from '../protocol/frames.ts';
import { readyClaimMatches, readyClaimOf, tokenSubject } from '../protocol/identity.ts';
import { readId } from '../protocol/json-path.ts';
import { AuthClient, type TokenGrant } from './auth-client.ts';
import { authHeaders } from './carriers.ts';
import { ChatSession, type RunRecord } from './chat-session.ts';
import { ClientError } from './errors.ts';
import { HttpClient } from './http.ts';
import { preview, WsConnection } from './ws-connection.ts';

export { ChatSession, type RunRecord } from './chat-session.ts';

export interface SessionOptions {
  /** Auth carriers to use (default: the profile's, all of them). */
  carriers?: readonly AuthCarrier[];
  /** Fetch a one-use ticket first (profiles with a ticket step) and send it as a query parameter. */
  ticket?: boolean;
  /** Whom the token stands for, when the login said so; else learned from the token's subject or "who am I". */
  identity?: string | undefined;
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
  /** The user id of the last session opened: a deliberately bad token's upgrade keeps that user's URL. */
  #lastUserId: string | undefined;

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
    // A target that maps every client to one identity (authEnforced: false) serves nobody's in particular: the
    // binding is not applicable there (the session says so), never passed.
    const known = options.identity ?? this.auth.userIds.get(token);
    const identity = this.config.profile.authEnforced
      ? (known ?? tokenSubject(token) ?? (await this.#whoAmI(token)))
      : undefined;
    const userId = identity ?? known;
    this.#lastUserId = userId ?? this.#lastUserId;
    const query = options.ticket ? await this.#ticket(token) : undefined;
    const connection = await WsConnection.open(
      {
        url: this.config.urls.ws,
        token,
        carriers,
        reader: this.reader,
        connectTimeoutMs: this.config.timeouts.connectMs,
        identity: { userId },
        ...(query ? { query } : {}),
      },
      (c) => this.connections.push(c),
    );
    const session = new ChatSession(this.config, connection, { token, http: this.http, identity });
    this.sessions.push(session);
    this.#bindIdentity(session);
    return session;
  }

  /**
   * The socket must serve the user who logged in: the ready frame claims exactly that identity, in the profile's
   * form (a truncating product's `abcdefgh...` included). Its run's frames are held to it by the run tracker.
   */
  #bindIdentity(session: ChatSession): void {
    const ready = this.config.profile.ws.ready;
    const connection = session.connection;
    const claim = session.readyUserId;
    if (ready.userIdMatch !== 'none' && claim === undefined) {
      // A ready frame without the user id where the profile says it is: the target speaks another dialect.
      const what = `the ready frame has no user id at ${ready.userIdPath.join(' | ')} (profile "${this.config.profile.name}"): ${preview(connection.readyFrame?.data)}`;
      const f = note(finding('PROFILE', 'profile.ready.user-id', what));
      throw new ClientError(
        'PROFILE_MISMATCH',
        withCause(what, f),
        { frame: connection.readyFrame?.data },
        f,
      );
    }
    const identity = session.userId;
    if (
      claim === undefined ||
      identity === undefined ||
      readyClaimMatches(claim, identity, ready.userIdMatch)
    )
      return;
    const expected = readyClaimOf(identity, ready.userIdMatch);
    const what = `connection ${session.connectionId ?? '?'} serves user "${claim}" (${ready.userIdPath.join(' | ')}), but the token is user "${identity}" (expected "${expected}")`;
    const f = note(
      finding('F22', 'identity.ready.mismatch', what, [`ready frame: ${claim}`, `logged in as: ${identity}`]),
    );
    throw new ClientError('WS_WRONG_IDENTITY', withCause(what, f), { claim, identity }, f);
  }

  /**
   * Whom an opaque token stands for, from the profile's "who am I" call. Never assumed: without an answer naming
   * a user, the identity checks cannot run, and that is a failure, not a pass.
   */
  async #whoAmI(token: string): Promise<string> {
    const me = this.config.profile.auth.me;
    const url = this.config.urls.auth + me.path;
    const res = await this.http.call(url, {
      method: 'GET',
      headers: authHeaders(this.config.profile, token),
      timeoutMs: this.config.timeouts.requestMs,
      what: 'who am I',
    });
    const id = res.status >= 200 && res.status < 300 ? readId(res.json, me.userIdPath) : undefined;
    if (id !== undefined) return id;
    const what = `cannot learn whom the token stands for: no user id from the login, the token has no subject, and ${url} answered ${res.status} without one at ${me.userIdPath.join(' | ')}`;
    const f = note(finding('PROFILE', 'identity.unknown', what));
    throw new ClientError('IDENTITY_UNKNOWN', withCause(what, f), { status: res.status }, f);
  }

  /** The whole journey for one user: token, connect, ask, answer. Timings on one monotonic clock. */
  async journey(user: TestUser, question = this.config.profile.probe.question): Promise<JourneyRecord> {
    const t0 = performance.now();
    const grant = await this.auth.acquireToken(user);
    const session = await this.connect(grant.token, { identity: grant.userId });
    const handshakeMs = session.connection.readyMs ?? Number.NaN;
    const run = await session.ask(question);
    const e2eMs =
      run.terminal === 'completed' && run.completedMs !== undefined
        ? run.sentAt + run.completedMs - t0
        : undefined;
    return { user: user.label, grant, handshakeMs, run, session, ...(e2eMs !== undefined ? { e2eMs } : {}) };
  }

  /** An upgrade attempt that never throws: the outcome (open, rejected, failed) is on the connection. */
  async attempt(
    token: string | undefined,
    carriers: readonly AuthCarrier[],
    options: { badToken?: boolean } = {},
  ): Promise<WsConnection> {
    const connection = await WsConnection.attempt({
      badToken: options.badToken ?? false,
      url: this.config.urls.ws,
      ...(token !== undefined ? { token } : {}),
      carriers,
      reader: this.reader,
      connectTimeoutMs: this.config.timeouts.connectMs,
      identity: { userId: (token && this.auth.userIds.get(token)) ?? (await this.#someUserId()) },
    });
    this.connections.push(connection);
    return connection;
  }

  /**
   * A user id for a socket URL that names one (`/live/{{userId}}`) when the token cannot say (none, or a bad one):
   * the last session's, else the first test user's, learned by logging in. Undefined when the URL names none.
   */
  async #someUserId(): Promise<string | undefined> {
    if (this.#lastUserId !== undefined || !/userId/.test(decodeURIComponent(this.config.urls.ws)))
      return this.#lastUserId;
    this.#lastUserId = (await this.auth.acquireToken(this.config.users[0])).userId;
    return this.#lastUserId;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.connections.map((c) => c.close(1000)));
  }

  async #ticket(token: string): Promise<Record<string, string> | undefined> {
    const ticket = this.config.profile.ws.ticket;
    if (!ticket)
      throw new ClientError('TOKEN_MISSING', `profile "${this.config.profile.name}" has no ticket step`);
    const url = this.config.urls.api + ticket.path;
    const res = await this.http.call(url, {
      method: ticket.method,
      headers: authHeaders(this.config.profile, token),
      timeoutMs: this.config.timeouts.requestMs,
      what: 'ticket',
    });
    const id = readId(res.json, ticket.ticketPath);
    if (!id)
      throw new ClientError('AUTH_FAILED', `ticket request ${url} answered ${res.status} without a ticket`, {
        status: res.status,
      });
    return { [ticket.param]: id };
  }
}
