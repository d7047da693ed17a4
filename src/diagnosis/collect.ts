// Gathers diagnosis evidence from what the clients already recorded: exchanges, upgrades, closes, run timelines.
import type { GoldenPathClient, RunRecord } from '../clients/golden-path-client.ts';
import type { WsConnection } from '../clients/ws-connection.ts';
import type { FrameReader } from '../protocol/frames.ts';
import type { Evidence, UpgradeFact } from './diagnose.ts';

export function upgradeFact(c: WsConnection, index?: number): UpgradeFact {
  const o = c.outcome;
  const echo = c.profile().ws.echo;
  return {
    outcome: o?.kind ?? 'timeout',
    ...(o?.kind === 'rejected' ? { status: o.status } : {}),
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

/** Evidence from a whole client (fixture teardown) plus the test's first error line, kept as text only. */
export function clientEvidence(client: GoldenPathClient | undefined, message: string | undefined): Evidence {
  const evidence: Evidence = {};
  if (message) evidence.error = { message };
  if (!client) return evidence;
  evidence.http = client.http.exchanges.map((x) => ({
    url: x.url,
    ms: x.ms,
    what: x.what,
    ...(x.status !== undefined ? { status: x.status } : {}),
    ...(x.error ? { error: x.error } : {}),
  }));
  evidence.upgrades = client.connections.map((c, i) => upgradeFact(c, i));
  return evidence;
}
