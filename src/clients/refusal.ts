// Judges how a target treated credentials it must refuse: HTTP status at upgrade, or accept-then-close — or not at all.
import { explain } from '../diagnosis/index.ts';
import { matches } from '../protocol/json-path.ts';
import { formatSeconds } from '../format/duration.ts';
import { preview, type WsConnection } from './ws-connection.ts';

export interface RefusalVerdict {
  refused: boolean;
  /** The shape the target used: `upgrade 401`, `close 1008 "Authentication failed"`, or what happened instead. */
  shape: string;
  message: string;
}

/** Wait (bounded) for the target to refuse; anything but a refusal in a shape the profile allows is a failure. */
export async function judgeRefusal(
  connection: WsConnection,
  timeoutMs: number,
  what: string,
): Promise<RefusalVerdict> {
  const rejection = connection.profile().ws.rejection;
  const o = connection.outcome;
  if (o?.kind === 'rejected') {
    const allowed = rejection.upgradeStatuses.includes(o.status);
    const shape = `upgrade answered ${o.status}`;
    return allowed
      ? { refused: true, shape, message: `${what}: refused, ${shape}` }
      : {
          refused: false,
          shape,
          message: `${what}: upgrade answered ${o.status}, expected one of ${rejection.upgradeStatuses.join('/')}${o.status >= 500 ? ' (a server error, not a refusal)' : ''}`,
        };
  }
  if (o?.kind !== 'open') {
    const reason = o?.kind === 'network-error' ? o.reason : 'no answer';
    return {
      refused: false,
      shape: o?.kind ?? 'none',
      message: `${what}: the upgrade failed (${reason}) instead of a refusal`,
    };
  }
  await connection.until(
    timeoutMs,
    () => connection.closeInfo !== undefined || connection.readyFrame !== undefined,
  );
  if (connection.readyFrame) {
    const userId = connection.readyFrame.data;
    const message = `${what}: ACCEPTED — the target accepts unauthenticated clients (ready frame ${preview(userId)})`;
    return {
      refused: false,
      shape: 'accepted',
      message: explain(message, { refusal: { accepted: true, what, shape: 'accepted' } }),
    };
  }
  // Give the close a moment to follow an error frame.
  await connection.until(timeoutMs, () => connection.closeInfo !== undefined);
  const close = connection.closeInfo;
  if (!close)
    return {
      refused: false,
      shape: 'hang',
      message: `${what}: upgrade accepted, then neither a refusal nor a ready frame within ${formatSeconds(timeoutMs)} (a silent hang)`,
    };
  const errorFrame = rejection.errorFrame
    ? connection.frames.find((f) => matches(f.data, rejection.errorFrame ?? {}))
    : undefined;
  const shape = `accepted, ${errorFrame ? `error frame ${errorFrame.type ?? ''}, ` : ''}then close ${close.code} "${close.reason}" at +${formatSeconds(close.atMs)}`;
  const codeOk = rejection.closeCodes.includes(close.code);
  const reasonOk = !rejection.reasonPattern || new RegExp(rejection.reasonPattern).test(close.reason);
  if (codeOk && reasonOk) return { refused: true, shape, message: `${what}: refused, ${shape}` };
  const why = close.code === 1011 ? ' (1011 is a server internal error, never a refusal)' : '';
  return {
    refused: false,
    shape,
    message: `${what}: ${shape}; expected close ${rejection.closeCodes.join('/')}${why}`,
  };
}
