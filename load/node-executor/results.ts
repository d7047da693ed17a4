// Writes a summary to load-results/<scenario>-<timestamp>.json and load-results/latest-<scenario>.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadSummary } from '../lib/summary.ts';
import { redactText } from '../../src/protocol/redaction.ts';

export function summaryFiles(
  outDir: string,
  scenario: string,
  startedAt: Date,
): { file: string; latest: string } {
  const stamp = startedAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return { file: join(outDir, `${scenario}-${stamp}.json`), latest: join(outDir, `latest-${scenario}.json`) };
}

export function writeSummary(
  summary: LoadSummary,
  files: { file: string; latest: string },
  outDir: string,
): void {
  mkdirSync(outDir, { recursive: true });
  const json = `${redactText(JSON.stringify(summary, null, 2))}\n`;
  writeFileSync(files.file, json);
  writeFileSync(files.latest, json);
}
