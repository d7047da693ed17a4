// The run's SLA ledger: every judged measurement appended as a JSON line; aggregated into sla.json per run.
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { redactText } from '../protocol/redaction.ts';
import type { SlaResult } from './judge.ts';

export interface LedgerEntry extends SlaResult {
  /** The test (or load scenario) that measured it. */
  source: string;
  at: string;
  samples?: number[];
  /** The attempt that measured it (0 first): a measurement on a retry belongs to a flaky test. */
  retry?: number;
}

export function appendToLedger(dir: string, entry: LedgerEntry): void {
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, `ledger-${process.pid}.jsonl`), `${redactText(JSON.stringify(entry))}\n`);
}

export function readLedger(dir: string): LedgerEntry[] {
  if (!existsSync(dir)) return [];
  const entries: LedgerEntry[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (line.trim()) entries.push(JSON.parse(line) as LedgerEntry);
    }
  }
  return entries;
}

export interface SlaRow {
  id: string;
  status: SlaResult['status'];
  pass: boolean;
  /** Worst measurement across the run's entries. */
  worst: LedgerEntry;
  entries: number;
  sources: string[];
  /** Measured (also) on a retry: the test needed a second attempt, so the row is flaky whatever its figure. */
  flaky: boolean;
}

/** One row per SLA id; an id fails when any entry failed or was unmeasured. */
export function aggregate(entries: readonly LedgerEntry[]): SlaRow[] {
  const byId = new Map<string, LedgerEntry[]>();
  for (const e of entries) byId.set(e.id, [...(byId.get(e.id) ?? []), e]);
  const rank = { failed: 0, unmeasured: 1, degraded: 2, passed: 3, reported: 4 } as const;
  return [...byId.entries()]
    .map(([id, list]) => {
      const worst = [...list].sort(
        (a, b) => rank[a.status] - rank[b.status] || closerToBreach(a, b),
      )[0] as LedgerEntry;
      return {
        id,
        status: worst.status,
        pass: list.every((e) => e.pass),
        worst,
        entries: list.length,
        sources: [...new Set(list.map((e) => e.source))],
        flaky: list.some((e) => (e.retry ?? 0) > 0),
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Within one status, the entry nearest its bound comes first (the largest value of a "max" SLA, the smallest of a
 * "min" one), then the one with more samples: a run's figure is its worst, never whichever test wrote first.
 */
function closerToBreach(a: LedgerEntry, b: LedgerEntry): number {
  const n = (e: LedgerEntry): number => e.summary?.n ?? e.samples?.length ?? 1;
  if (a.measured !== undefined && b.measured !== undefined && a.measured !== b.measured) {
    if (a.bound === 'max') return b.measured - a.measured;
    if (a.bound === 'min') return a.measured - b.measured;
  }
  return n(b) - n(a);
}

export function writeSlaJson(dir: string, file: string): SlaRow[] {
  const rows = aggregate(readLedger(dir));
  writeFileSync(
    file,
    `${redactText(JSON.stringify({ generatedAt: new Date().toISOString(), slas: rows }, null, 2))}\n`,
  );
  return rows;
}
