// Test helper: lumen's wire — a username login that yields the session cookie, the /live/{userId} socket, asks with
// a rid and the turn's frames decoded (their `data` is JSON text), and a client that answers the server's pings.
import { test } from '@playwright/test';
import { startReferenceTarget, type RunningTarget } from '../server.ts';
import type { Settings } from '../settings.ts';
import { call } from './http-client.ts';
import { FrameClient, wsUrl, type Frame } from './ws-client.ts';

export const LUMEN_ALICE = { username: 'alice', password: 'alice-local-pass' } as const;
export const LUMEN_BOB = { username: 'bob', password: 'bob-local-pass' } as const;

export interface LumenSession {
  /** `lumen_sid=<id>`, as a Cookie header carries it. */
  readonly cookie: string;
  readonly sessionId: string;
  readonly userId: string;
}

export async function lumenLogin(
  base: string,
  user: { username: string; password: string },
): Promise<LumenSession> {
  const res = await call(base, '/api/session', { body: user });
  if (res.status !== 200) throw new Error(`login of ${user.username} answered ${res.status}: ${res.text}`);
  const setCookie = String(res.headers['set-cookie']);
  const cookie = setCookie.split(';')[0] ?? '';
  const sessionId = cookie.slice(cookie.indexOf('=') + 1);
  return { cookie, sessionId, userId: (res.json.user as { id: string }).id };
}

export function liveUrl(base: string, userId: string): string {
  return wsUrl(base, `/live/${encodeURIComponent(userId)}`);
}

/** Opens `/live/{userId}` with the cookie (and any offered subprotocols); answers pings unless told not to. */
export function lumenSocket(
  base: string,
  session: LumenSession,
  opts: { protocols?: string[]; answerPings?: boolean; userId?: string } = {},
): FrameClient {
  const client = new FrameClient(liveUrl(base, opts.userId ?? session.userId), opts.protocols ?? [], {
    headers: { cookie: session.cookie },
  });
  if (opts.answerPings !== false) answerPings(client);
  return client;
}

/** Answers every server ping with a pong echoing its nonce, as a well-behaved lumen client does. */
export function answerPings(client: FrameClient): void {
  client.ws.on('message', (data) => {
    const frame = JSON.parse((data as Buffer).toString('utf8')) as Frame;
    if (frame.op === 'ping') client.send({ op: 'pong', nonce: frame.nonce });
  });
}

/** A lumen target for one test file, alice and bob logged in, faults reset after each test. */
export interface LumenWorld {
  readonly target: RunningTarget;
  readonly alice: LumenSession;
  readonly bob: LumenSession;
  /** A socket of `session` that answers pings, once its hello frame is in. */
  connect(session: LumenSession): Promise<FrameClient>;
}

/** Registers the file's hooks; the world's fields are filled in by `beforeAll`. */
export function useLumenTarget(overrides: Partial<Settings> = {}): LumenWorld {
  const world = {} as { -readonly [K in keyof LumenWorld]: LumenWorld[K] };
  world.connect = async (session) => {
    const client = lumenSocket(world.target.url, session);
    await hello(client);
    return client;
  };
  test.beforeAll(async () => {
    world.target = await startReferenceTarget({
      port: 0,
      log: 'silent',
      dialect: 'lumen',
      phaseDelayMs: [1, 5],
      ...overrides,
    });
    world.alice = await lumenLogin(world.target.url, LUMEN_ALICE);
    world.bob = await lumenLogin(world.target.url, LUMEN_BOB);
  });
  test.afterAll(async () => {
    await world.target.close();
  });
  test.afterEach(() => world.target.setFaults(''));
  return world;
}

/** Waits for the hello frame (the first frame a lumen socket gets). */
export async function hello(client: FrameClient): Promise<Frame> {
  await client.until((f) => f.some((x) => x.op === 'hello'), 'the hello frame');
  return client.frames.find((x) => x.op === 'hello') as Frame;
}

export function askFrame(rid: string, prompt: string): Record<string, unknown> {
  return { op: 'ask', rid, body: JSON.stringify({ prompt }) };
}

/** One `frame` of a turn with its `data` decoded. */
export interface TurnFrame {
  readonly frame: Frame;
  readonly data: Record<string, unknown>;
}

export function turnFrames(frames: readonly Frame[], rid: string, from = 0): TurnFrame[] {
  return frames
    .slice(from)
    .filter((f) => f.op === 'frame' && f.rid === rid)
    .map((frame) => ({ frame, data: JSON.parse(String(frame.data)) as Record<string, unknown> }));
}

/** Waits until the turn `rid` has its `done` frame; returns its frames. */
export async function turnDone(
  client: FrameClient,
  rid: string,
  from = 0,
  timeoutMs = 10_000,
): Promise<TurnFrame[]> {
  await client.until(
    (f) => f.slice(from).some((x) => x.op === 'frame' && x.rid === rid && x.done === true),
    `the done frame of turn ${rid}`,
    timeoutMs,
  );
  return turnFrames(client.frames, rid, from);
}

/** Sends an ask and waits for the end of its turn. */
export async function askTurn(client: FrameClient, rid: string, prompt: string): Promise<TurnFrame[]> {
  const from = client.frames.length;
  client.send(askFrame(rid, prompt));
  return turnDone(client, rid, from);
}

/** The answer: the concatenation of the turn's deltas. */
export function answerOf(turn: readonly TurnFrame[]): string {
  return turn
    .filter((t) => t.data.kind === 'delta')
    .map((t) => String(t.data.text))
    .join('');
}
