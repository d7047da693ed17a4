// Keep-alive checks: the profile's client ping answered by its pong type; an idle connection held open with pings.
import { performance } from 'node:perf_hooks';
import { render } from '../protocol/template.ts';
import { formatSeconds } from '../format/duration.ts';
import { ClientError } from './errors.ts';
import type { WsConnection } from './ws-connection.ts';

/** Send one ping; resolve with the round trip in ms, or throw PONG_TIMEOUT. */
export async function pingPong(connection: WsConnection, timeoutMs: number): Promise<number> {
  const before = connection.frames.length;
  const sentAt = connection.send(render(connection.profile().ws.keepAlive.clientPing, {}));
  const got = await connection.until(timeoutMs, () =>
    connection.frames.slice(before).some((f) => f.kind === 'pong'),
  );
  if (!got) {
    const close = connection.closeInfo;
    const pong = connection.profile().ws.keepAlive.pongType;
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
