// Keep-alive checks: the profile's client ping answered by its pong type; an idle connection held open with pings.
import { performance } from 'node:perf_hooks';
import { isClassId } from '../diagnosis/catalogue.ts';
import { finding } from '../diagnosis/finding.ts';
import { withCause } from '../diagnosis/render.ts';
import { note } from '../diagnosis/trail.ts';
import { adapterFor } from '../protocol/adapter.ts';
import { formatSeconds } from '../format/duration.ts';
import { ClientError } from './errors.ts';
import type { WsConnection } from './ws-connection.ts';

/** Send one ping (the profile's frame, or an RFC 6455 control ping); the round trip in ms, or PONG_TIMEOUT. */
export async function pingPong(connection: WsConnection, timeoutMs: number): Promise<number> {
  const ping = adapterFor(connection.profile()).clientPing();
  if (ping === undefined)
    throw new ClientError('PROFILE_MISMATCH', `profile "${connection.profile().name}" has no client ping`);
  if (ping === 'control') return controlPing(connection, timeoutMs);
  const before = connection.frames.length;
  const sentAt = connection.send(ping);
  const got = await connection.until(timeoutMs, () =>
    connection.frames.slice(before).some((f) => f.kind === 'pong'),
  );
  if (!got) {
    const close = connection.closeInfo;
    const pong = connection.profile().ws.keepAlive.pongType ?? 'pong';
    if (close)
      throw new ClientError(
        'WS_CLOSED',
        `connection closed ${close.code} "${close.reason}" at +${formatSeconds(close.atMs)} while awaiting ${pong} for a ping`,
        { close },
      );
    throw new ClientError('PONG_TIMEOUT', `no ${pong} within ${timeoutMs} ms of a ping`);
  }
  const pong = connection.frames.slice(before).find((f) => f.kind === 'pong');
  return (pong?.at ?? performance.now()) - sentAt;
}

/** An RFC 6455 ping frame, answered by the control pong the WebSocket layer reports. */
async function controlPing(connection: WsConnection, timeoutMs: number): Promise<number> {
  const sentAt = performance.now();
  const socket = connection.socket;
  const pongAt = await new Promise<number | undefined>((resolve) => {
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    const onPong = () => finish(performance.now());
    const finish = (at: number | undefined) => {
      clearTimeout(timer);
      socket.off('pong', onPong);
      resolve(at);
    };
    socket.on('pong', onPong);
    socket.ping();
  });
  connection.lastSentAt = sentAt;
  if (pongAt === undefined)
    throw new ClientError('PONG_TIMEOUT', `no control pong within ${timeoutMs} ms of a ping`);
  return pongAt - sentAt;
}

export interface IdleResult {
  pongs: number;
  closed?: { code: number; reason: string; atMs: number };
  message: string;
}

/** Hold the connection idle for `windowMs`, pinging every few seconds as a real client would. */
export async function keepAliveFor(
  connection: WsConnection,
  windowMs: number,
  pongTimeoutMs: number,
): Promise<IdleResult> {
  const interval = Math.min(5000, Math.max(250, Math.floor(windowMs / 3)));
  const end = performance.now() + windowMs;
  let pongs = 0;
  while (performance.now() < end && !connection.closeInfo) {
    await pingPong(connection, pongTimeoutMs);
    pongs++;
    await connection.until(
      Math.min(interval, Math.max(0, end - performance.now())),
      () => connection.closeInfo !== undefined,
    );
  }
  const c = connection.closeInfo;
  return {
    pongs,
    ...(c ? { closed: c } : {}),
    message: c
      ? `the idle connection was closed ${c.code} "${c.reason}" at +${formatSeconds(c.atMs)} (window ${formatSeconds(windowMs)})`
      : `open for ${formatSeconds(windowMs)}`,
  };
}

/**
 * Hold the connection for `windowMs` sending nothing of its own, answering the server's keepalive pings as the
 * profile says: the server must accept the answers (it keeps the socket open) and must have pinged at all.
 */
export async function answerServerPings(
  connection: WsConnection,
  windowMs: number,
): Promise<{ answered: number; closed?: { code: number; reason: string; atMs: number }; message: string }> {
  const before = connection.keepaliveReplies;
  await connection.until(windowMs, () => connection.closeInfo !== undefined);
  const answered = connection.keepaliveReplies - before;
  const c = connection.closeInfo;
  if (!c)
    return { answered, message: `open for ${formatSeconds(windowMs)}, ${answered} server ping(s) answered` };
  const what = `closed ${c.code} "${c.reason}" at +${formatSeconds(c.atMs)} although ${answered} server ping(s) were answered as the profile says (window ${formatSeconds(windowMs)})`;
  // The profile's close map names the class; unmapped, a live socket closed for silence is F23.
  const mapped = connection
    .profile()
    .ws.closes.find(
      (m) => m.code === c.code && (!m.reasonPattern || new RegExp(m.reasonPattern).test(c.reason)),
    );
  const f = note(
    finding(isClassId(mapped?.failureClass) ? mapped.failureClass : 'F23', 'ws.keepalive.closed', what, [
      `close ${c.code} "${c.reason}"`,
      `server pings answered: ${answered}`,
    ]),
  );
  return { answered, closed: c, message: withCause(what, f) };
}
