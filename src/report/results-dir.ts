// Reads an allure-results directory written by allure-playwright: journey waterfalls added, source tests located.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { journeyWaterfall, phasesFromSteps } from './chart-waterfall.ts';
import { redact } from '../config/secret.ts';

/** The fields of an Allure result file this module reads or extends. */
export interface ResultFile {
  uuid: string;
  name: string;
  status?: string;
  start?: number;
  stop?: number;
  labels?: Array<{ name: string; value: string }>;
  parameters?: Array<{ name: string; value: string }>;
  steps?: Array<{ name: string; start?: number; stop?: number; status?: string; attachments?: unknown[] }>;
  attachments?: Array<{ name: string; source: string; type: string }>;
}

export function readResults(dir: string): Array<{ file: string; result: ResultFile }> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('-result.json'))
    .map((f) => ({
      file: join(dir, f),
      result: JSON.parse(readFileSync(join(dir, f), 'utf8')) as ResultFile,
    }));
}

export const WATERFALL_NAME = 'journey waterfall';
const JOURNEY_TAG = 'golden-path';
const HOOKS = /^(Before|After) Hooks$/;

/** A waterfall of a journey test's top-level steps, or undefined when it is not a journey or has fewer than two. */
export function waterfallFor(result: ResultFile): string | undefined {
  const isJourney = (result.labels ?? []).some((l) => l.name === 'tag' && l.value === JOURNEY_TAG);
  // The journey's phases are its test.step()s: hooks and attachment entries (zero-length) are not phases.
  const steps = (result.steps ?? []).filter(
    (s) =>
      s.start !== undefined &&
      s.stop !== undefined &&
      !HOOKS.test(s.name) &&
      !(s.start === s.stop && (s.attachments ?? []).length > 0),
  );
  if (!isJourney || steps.length < 2) return undefined;
  const phases = phasesFromSteps(
    steps.map((s) => ({
      name: s.name,
      start: s.start,
      stop: s.stop,
      failed: s.status === 'failed' || s.status === 'broken',
    })),
  );
  return journeyWaterfall({ title: result.name, phases });
}

/** Attach a waterfall SVG to every journey result that has none yet; returns how many were added. */
export function addWaterfalls(dir: string): number {
  let added = 0;
  for (const { file, result } of readResults(dir)) {
    if ((result.attachments ?? []).some((a) => a.name === WATERFALL_NAME)) continue;
    const svg = waterfallFor(result);
    if (!svg) continue;
    const source = `${randomUUID()}-attachment.svg`;
    writeFileSync(join(dir, source), redact(svg));
    result.attachments = [
      ...(result.attachments ?? []),
      { name: WATERFALL_NAME, source, type: 'image/svg+xml' },
    ];
    writeFileSync(file, redact(JSON.stringify(result)));
    added++;
  }
  return added;
}

/**
 * The SLA ledger names its source test as `project › describe › … › title` (fixtures/sla.ts);
 * allure-playwright keeps the same path in its `titlePath` label (` > project > file > describe …`).
 */
export function sourceKey(result: ResultFile): string | undefined {
  const path = result.labels?.find((l) => l.name === 'titlePath')?.value;
  if (path === undefined) return undefined;
  const [project, , ...describes] = path.split(' > ').filter((p, i) => i > 0 || p !== '');
  return project === undefined ? undefined : [project, ...describes, result.name].join(' › ');
}

/** Allure 3 names a test result md5(uuid); its page in the report is `#<id>`. */
export function reportAnchor(uuid: string): string {
  return `#${createHash('md5').update(uuid).digest('hex')}`;
}

/** Source title → report anchor of its latest result (results of earlier runs may share the directory). */
export function sourceLinks(dir: string): Map<string, string> {
  const latest = new Map<string, { at: number; anchor: string }>();
  for (const { result } of readResults(dir)) {
    const key = sourceKey(result);
    if (!key) continue;
    const at = result.stop ?? result.start ?? 0;
    if ((latest.get(key)?.at ?? -1) <= at) latest.set(key, { at, anchor: reportAnchor(result.uuid) });
  }
  return new Map([...latest.entries()].map(([k, v]) => [k, v.anchor]));
}

/** When the earliest result in the directory started (the run's start when the directory holds one run). */
export function earliestStart(dir: string): number | undefined {
  const starts = readResults(dir)
    .map(({ result }) => result.start)
    .filter((s): s is number => typeof s === 'number' && Number.isFinite(s));
  return starts.length > 0 ? Math.min(...starts) : undefined;
}
