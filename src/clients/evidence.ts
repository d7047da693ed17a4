// Diagnosis evidence from what a connection or a run already recorded: the clients hand facts to the diagnosis layer.
import type { Profile } from '../../profiles/define.ts';
import type { Evidence, UpgradeFact } from '../diagnosis/diagnose.ts';
import type { Frame, FrameReader } from '../protocol/frames.ts';
import type { RunRecord } from './run-record.ts';
import type { CloseInfo, UpgradeMeta, UpgradeOutcome } from './upgrade-outcome.ts';

/** What an upgrade fact is read from: a WsConnection is one (described here so this module sits below it). */
export interface UpgradeSource {
  readonly outcome: UpgradeOutcome | undefined;
  readonly closeInfo: CloseInfo | undefined;
  readonly readyFrame: Frame | undefined;
  readonly connectionId: string | undefined;
  readonly meta: UpgradeMeta;
  /** The upgrade URL with any token in its query redacted. */
  readonly redactedUrl: string;
  profile(): Profile;
}

/** How many bytes of a body a finding may quote (already redacted when recorded). */
export const BODY_HEAD = 120;

export function upgradeFact(c: UpgradeSource, index?: number): UpgradeFact {
  const o = c.outcome;
  const echo = c.profile().ws.echo;
  return {
    outcome: o?.kind ?? 'timeout',
    url: c.redactedUrl,
    ...(o?.kind === 'rejected'
      ? {
          status: o.status,
          ...(o.contentType ? { contentType: o.contentType } : {}),
          ...(o.location ? { location: o.location } : {}),
          ...(o.body ? { bodyHead: o.body.slice(0, BODY_HEAD) } : {}),
        }
      : {}),
    ...(o?.kind === 'network-error' ? { network: o.network } : {}),
    tokenSent: c.meta.tokenSent,
    tokenBad: c.meta.badToken,
    carriers: c.meta.carriers,
    offeredSubprotocol: c.meta.carriers.includes('subprotocol'),
    ...(o?.kind === 'open' ? { selectedProtocol: o.protocol } : {}),
    ...(echo.rule === 'exact' ? { echoExpected: echo.value } : {}),
    echoCarriesToken: c.meta.echoCarriesToken,
    ...(c.closeInfo ? { close: c.closeInfo } : {}),
    readyArrived: c.readyFrame !== undefined,
    ...(c.connectionId !== undefined ? { connectionId: c.connectionId } : {}),
    ...(index !== undefined ? { index } : {}),
  };
}

export function runFact(
  run: RunRecord,
  reader: FrameReader,
  violations: { rule: string; message: string }[] = [],
  openAtDeadline = false,
): NonNullable<Evidence['run']> {
  const failure = run.frames.find((f) => f.kind === 'failure');
  return {
    terminal: run.terminal,
    eventsSeen: run.frames
      .filter((f) => reader.isAgentEvent(f.kind) || f.kind === 'failure')
      .map((f) => f.type ?? f.kind),
    violations,
    ...(failure ? { failureText: JSON.stringify(failure.data).slice(0, 300) } : {}),
    openAtDeadline,
  };
}

/**
 * Progress that kept arriving up to the deadline (endless thinking, a stream with no end), or undefined when the run
 * fell silent: at least 3 frames of one type, the last of them within two intervals (at least 1 s) of `deadlineAt`.
 */
export function stillReceiving(
  frames: readonly Pick<Frame, 'at' | 'type' | 'kind'>[],
  deadlineAt: number,
): { type: string; everyMs: number; count: number } | undefined {
  const progress = frames.filter((f) => f.kind !== 'keepalive' && f.kind !== 'pong' && f.type !== undefined);
  const last = progress.at(-1);
  if (!last?.type) return undefined;
  const same = progress.filter((f) => f.type === last.type);
  if (same.length < 3) return undefined;
  const everyMs = ((same.at(-1)?.at ?? 0) - (same[0]?.at ?? 0)) / (same.length - 1);
  if (deadlineAt - last.at > Math.max(2 * everyMs, 1000)) return undefined;
  return { type: last.type, everyMs, count: same.length };
}
