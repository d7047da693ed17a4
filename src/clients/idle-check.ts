// The truly idle check: nothing sent for a think time, and who ended the connection if it did not survive it.
import { performance } from 'node:perf_hooks';
import { finding, withCause } from '../diagnosis/index.ts';
import { note } from '../diagnosis/trail.ts';
import { formatSeconds } from '../format/duration.ts';
import { ClientError } from './errors.ts';
import type { CloseInfo } from './upgrade-outcome.ts';
import type { WsConnection } from './ws-connection.ts';

/** RFC 6455: 1006 is never sent on the wire; `ws` reports it when the TCP connection ended without a close frame. */
const NO_CLOSE_FRAME = 1006;

export interface IdleHold {
  thinkMs: number;
  /** Frames the server sent while the client was silent (its own heartbeats, if any). */
  serverFrames: number;
  /** RFC 6455 pings the server sent (`ws` answers each with a pong, as a browser does). */
  serverPings: number;
}

/**
 * Hold `connection` open for `thinkMs` sending nothing: no application pings, no automatic replies, no control
 * frames (`ws` never pings on its own). Throws WS_IDLE_DROPPED (no close frame: an intermediary's idle timeout)
 * or WS_IDLE_CLOSED (the server's close frame), each carrying its F23 finding with the measured idle time.
 */
export async function holdSilent(connection: WsConnection, thinkMs: number): Promise<IdleHold> {
  const framesBefore = connection.frames.length;
  let serverPings = 0;
  const onPing = () => (serverPings += 1);
  connection.socket.on('ping', onPing);
  try {
    await connection.until(thinkMs, () => connection.closeInfo !== undefined);
  } finally {
    connection.socket.off('ping', onPing);
  }
  const close = connection.closeInfo;
  if (close) throw idleClosed(connection, close, thinkMs);
  return { thinkMs, serverFrames: connection.frames.length - framesBefore, serverPings };
}

/** The error for a connection that ended while idle, told apart by whether a close frame arrived. */
export function idleClosed(connection: WsConnection, close: CloseInfo, thinkMs: number): ClientError {
  const closedAt = connection.startedAt + close.atMs;
  const lastFrame = connection.frames.at(-1)?.at ?? connection.startedAt;
  const idleMs = closedAt - Math.max(connection.lastSentAt, lastFrame);
  const idle = formatSeconds(idleMs);
  const where = connection.redactedUrl;
  const evidence = [
    `close code ${close.code}${close.reason ? ` "${close.reason}"` : ''} at +${formatSeconds(close.atMs)} after opening ${where}`,
    `silent for ${idle} of a ${formatSeconds(thinkMs)} think time (no frames either way)`,
  ];
  const facts = { close, idleMs: Math.round(idleMs), thinkMs, url: where };
  if (close.code === NO_CLOSE_FRAME) {
    const summary = `the connection was closed without a close frame after ~${idle} idle — an idle timeout on a proxy or LB; raise it above the think time (${formatSeconds(thinkMs)}) or send keepalives every < ${idle}`;
    const f = note(finding('F23', 'ws.idle.dropped', summary, evidence));
    return new ClientError('WS_IDLE_DROPPED', withCause(summary, f), facts, f);
  }
  const summary = `the server closed the idle connection ${close.code}${close.reason ? ` "${close.reason}"` : ''} after ~${idle} idle (think time ${formatSeconds(thinkMs)})`;
  const f = note(finding('F23', `ws.idle.closed.${close.code}`, summary, evidence));
  return new ClientError('WS_IDLE_CLOSED', withCause(summary, f), facts, f);
}

/** One RFC 6455 control-frame ping; resolves with the round trip to its pong in ms, or throws PONG_TIMEOUT. */
export async function controlPing(connection: WsConnection, timeoutMs: number): Promise<number> {
  const socket = connection.socket;
  const sentAt = performance.now();
  // The pong is a control frame, not a message: the connection's frame waits never see it, so this waits itself.
  const pongAt = await new Promise<number | undefined>((resolve) => {
    const finish = (at: number | undefined) => {
      clearTimeout(timer);
      socket.off('pong', onPong);
      socket.off('close', onClose);
      resolve(at);
    };
    const onPong = () => finish(performance.now());
    const onClose = () => finish(undefined);
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    socket.on('pong', onPong);
    socket.on('close', onClose);
    socket.ping();
    connection.lastSentAt = sentAt;
  });
  if (pongAt !== undefined) return pongAt - sentAt;
  const close = connection.closeInfo;
  if (close)
    throw new ClientError(
      'WS_CLOSED',
      `connection closed ${close.code} "${close.reason}" at +${formatSeconds(close.atMs)} while awaiting the pong to a control-frame ping`,
      { close },
    );
  throw new ClientError(
    'PONG_TIMEOUT',
    `no control-frame pong (RFC 6455) within ${timeoutMs} ms of a ping to ${connection.redactedUrl}`,
  );
}
