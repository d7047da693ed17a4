// One handshake held past a settle window, and a summary over many: the handshake-race detector (F3).
import { formatSeconds } from '../format/duration.ts';
import type { ChatSession, GoldenPathClient } from './golden-path-client.ts';
import { ClientError } from './errors.ts';
import { seriesFinding } from '../diagnosis/diagnose.ts';
import { finding, type Finding } from '../diagnosis/finding.ts';
import { causeLine } from '../diagnosis/render.ts';
import { note } from '../diagnosis/trail.ts';

export interface HandshakeResult {
  ok: boolean;
  /** Upgrade start → ready frame, ms. */
  readyMs?: number;
  failure?: string;
  /** The failure's own diagnosis, when it had one. */
  finding?: Finding;
  /** Closed 1011 after opening (the race's signature). */
  closed1011?: boolean;
}

/** Connect, wait for the ready frame, then require the connection to stay open for `settleMs`. */
export async function settleHandshake(
  client: GoldenPathClient,
  token: string,
  settleMs: number,
): Promise<HandshakeResult> {
  return settle(await openHandshake(client, token), settleMs);
}

export type OpenedHandshake = { session: ChatSession } | { failure: string; finding?: Finding };

/** Connect and wait for the ready frame only (for sequential series: open one after another, settle together). */
export async function openHandshake(client: GoldenPathClient, token: string): Promise<OpenedHandshake> {
  try {
    return { session: await client.connect(token) };
  } catch (error) {
    return failed(error);
  }
}

function failed(error: unknown): { failure: string; finding?: Finding } {
  if (!(error instanceof ClientError)) return { failure: String(error) };
  return { failure: error.message, ...(error.finding ? { finding: error.finding } : {}) };
}

/** Require an opened connection to stay open `settleMs` after its ready frame: a close inside is the race. */
export async function settle(opened: OpenedHandshake, settleMs: number): Promise<HandshakeResult> {
  if ('failure' in opened) return { ok: false, ...opened };
  try {
    const c = opened.session.connection;
    await c.until(settleMs, () => c.closeInfo !== undefined);
    if (c.closeInfo) {
      return {
        ok: false,
        closed1011: c.closeInfo.code === 1011,
        failure: `closed ${c.closeInfo.code} "${c.closeInfo.reason}" at +${formatSeconds(c.closeInfo.atMs)}, within ${settleMs} ms of opening (handshake race)`,
      };
    }
    await c.close(1000);
    return { ok: true, ...(c.readyMs !== undefined ? { readyMs: c.readyMs } : {}) };
  } catch (error) {
    return { ok: false, ...failed(error) };
  }
}

export interface HandshakeSummary {
  attempts: number;
  /** 1 per attempt that succeeded, 0 per failure: the ledger's samples of ws.handshake.success (n = attempts). */
  outcomes: number[];
  latencies: number[];
  failures: string[];
  report: string;
  /** The series' diagnosis when a handshake failed. */
  finding?: Finding;
}

export function summarizeHandshakes(results: readonly HandshakeResult[]): HandshakeSummary {
  const failures = results.flatMap((r, i) =>
    r.ok ? [] : [`#${i + 1}: ${(r.failure ?? 'failed').split('\n')[0] ?? ''}`],
  );
  const latencies = results.flatMap((r) => (r.readyMs === undefined ? [] : [r.readyMs]));
  const ok = results.length - failures.length;
  const shown = failures.slice(0, 8).join('\n  ');
  const more = failures.length > 8 ? `\n  +${failures.length - 8} more` : '';
  const cause = failures.length ? seriesCause(results) : undefined;
  return {
    ...(cause ? { finding: cause } : {}),
    attempts: results.length,
    outcomes: results.map((r) => (r.ok ? 1 : 0)),
    latencies,
    failures,
    report: `${ok}/${results.length} handshakes succeeded${cause ? `\n${causeLine(cause)}:\n  ${shown}${more}` : ''}`,
  };
}

/** The series' likely cause (capacity vs race, by the shared rule), else the first failure's own. */
function seriesCause(results: readonly HandshakeResult[]): Finding {
  const series = seriesFinding(
    results.map((r) => ({
      failed: !r.ok,
      closed1011: !r.ok && (r.closed1011 === true || r.finding?.code === 'ws.close.1011'),
    })),
  );
  if (series) return note(series);
  const first = results.find((r) => !r.ok);
  return (
    first?.finding ?? finding('unclassified', 'handshake.failed', first?.failure ?? 'a handshake failed')
  );
}
