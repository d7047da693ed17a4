// One handshake held past a settle window, and a summary over many: the handshake-race detector (F3).
import { formatSeconds } from '../format/duration.ts';
import type { ChatSession, GoldenPathClient } from './golden-path-client.ts';
import { ClientError } from './errors.ts';
import { formatDiagnosis } from '../diagnosis/catalogue.ts';
import { seriesDiagnosis } from '../diagnosis/diagnose.ts';

export interface HandshakeResult {
  ok: boolean;
  /** Upgrade start → ready frame, ms. */
  readyMs?: number;
  failure?: string;
}

/** Connect, wait for the ready frame, then require the connection to stay open for `settleMs`. */
export async function settleHandshake(
  client: GoldenPathClient,
  token: string,
  settleMs: number,
): Promise<HandshakeResult> {
  return settle(await openHandshake(client, token), settleMs);
}

export type OpenedHandshake = { session: ChatSession } | { failure: string };

/** Connect and wait for the ready frame only (for sequential series: open one after another, settle together). */
export async function openHandshake(client: GoldenPathClient, token: string): Promise<OpenedHandshake> {
  try {
    return { session: await client.connect(token) };
  } catch (error) {
    return { failure: error instanceof ClientError ? error.message : String(error) };
  }
}

/** Require an opened connection to stay open `settleMs` after its ready frame: a close inside is the race. */
export async function settle(opened: OpenedHandshake, settleMs: number): Promise<HandshakeResult> {
  if ('failure' in opened) return { ok: false, failure: opened.failure };
  try {
    const c = opened.session.connection;
    await c.until(settleMs, () => c.closeInfo !== undefined);
    if (c.closeInfo) {
      return {
        ok: false,
        failure: `closed ${c.closeInfo.code} "${c.closeInfo.reason}" at +${formatSeconds(c.closeInfo.atMs)}, within ${settleMs} ms of opening (handshake race)`,
      };
    }
    await c.close(1000);
    return { ok: true, ...(c.readyMs !== undefined ? { readyMs: c.readyMs } : {}) };
  } catch (error) {
    return { ok: false, failure: error instanceof ClientError ? error.message : String(error) };
  }
}

export interface HandshakeSummary {
  attempts: number;
  /** 1 per attempt that succeeded, 0 per failure: the ledger's samples of ws.handshake.success (n = attempts). */
  outcomes: number[];
  latencies: number[];
  failures: string[];
  report: string;
}

export function summarizeHandshakes(results: readonly HandshakeResult[]): HandshakeSummary {
  const failures = results.flatMap((r, i) =>
    r.ok ? [] : [`#${i + 1}: ${(r.failure ?? 'failed').split('\n')[0] ?? ''}`],
  );
  const latencies = results.flatMap((r) => (r.readyMs === undefined ? [] : [r.readyMs]));
  const ok = results.length - failures.length;
  const shown = failures.slice(0, 8).join('\n  ');
  const more = failures.length > 8 ? `\n  +${failures.length - 8} more` : '';
  return {
    attempts: results.length,
    outcomes: results.map((r) => (r.ok ? 1 : 0)),
    latencies,
    failures,
    report: `${ok}/${results.length} handshakes succeeded${failures.length ? `\n${seriesCause(results)}:\n  ${shown}${more}` : ''}`,
  };
}

/** The series' likely cause (capacity vs race, by the shared rule), else the first failure's own. */
function seriesCause(results: readonly HandshakeResult[]): string {
  const series = seriesDiagnosis(
    results.map((r) => ({ failed: !r.ok, closed1011: !r.ok && /1011/.test(r.failure ?? '') })),
  );
  if (series) return formatDiagnosis(series);
  const first = results.find((r) => !r.ok)?.failure ?? '';
  return (
    /Likely cause: [^\n]+/.exec(first)?.[0] ??
    formatDiagnosis({ failureClass: 'unclassified', explanation: first.split('\n')[0] ?? '', evidence: [] })
  );
}
