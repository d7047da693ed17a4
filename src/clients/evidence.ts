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
