// Journey waterfall as an SVG string (pure): one bar per phase on a shared time axis, failed phases in red.
import { COLORS, esc, msLabel, px, svgDocument, ticks } from './svg.ts';

export interface Phase {
  name: string;
  /** Offset from the journey's start, ms. */
  startMs: number;
  durationMs: number;
  failed?: boolean;
}

export interface Marker {
  /** An instant inside the journey (first event, first token), ms from the start. */
  name: string;
  atMs: number;
}

export interface WaterfallInput {
  title: string;
  phases: readonly Phase[];
  markers?: readonly Marker[];
}

const W = 720;
const ROW = 26;
const LABEL_W = 230;
const RIGHT = 80;
const TOP = 40;

/** Phases as offsets from the earliest start, from absolute start/stop instants (e.g. Allure steps). */
export function phasesFromSteps(
  steps: ReadonlyArray<{ name: string; start?: number; stop?: number; failed?: boolean }>,
): Phase[] {
  const timed = steps.filter(
    (s): s is { name: string; start: number; stop: number; failed?: boolean } =>
      Number.isFinite(s.start) && Number.isFinite(s.stop),
  );
  if (timed.length === 0) return [];
  const t0 = Math.min(...timed.map((s) => s.start));
  return timed.map((s) => ({
    name: s.name,
    startMs: s.start - t0,
    durationMs: Math.max(0, s.stop - s.start),
    ...(s.failed ? { failed: true } : {}),
  }));
}

export function journeyWaterfall(input: WaterfallInput): string {
  const phases = input.phases.filter((p) => Number.isFinite(p.startMs) && Number.isFinite(p.durationMs));
  const end = Math.max(
    1,
    ...phases.map((p) => p.startMs + p.durationMs),
    ...(input.markers ?? []).map((m) => m.atMs),
  );
  const total = phases.length > 0 ? end - Math.min(...phases.map((p) => p.startMs)) : 0;
  const title = `${input.title} — ${msLabel(total)}`;
  const plotW = W - LABEL_W - RIGHT;
  const x = (ms: number): number => LABEL_W + (ms / end) * plotW;
  const bottom = TOP + phases.length * ROW;
  const height = bottom + 44;
  const body: string[] = [`<text x="16" y="22" font-weight="600">${esc(title)}</text>`];
  for (const t of ticks(end, 6)) {
    if (t > end) continue;
    body.push(`<line x1="${px(x(t))}" x2="${px(x(t))}" y1="${TOP}" y2="${bottom}" stroke="${COLORS.grid}"/>`);
    body.push(
      `<text x="${px(x(t))}" y="${bottom + 16}" text-anchor="middle" fill="${COLORS.axis}">${esc(msLabel(t))}</text>`,
    );
  }
  phases.forEach((p, i) => {
    const top = TOP + i * ROW;
    const label = p.name.length > 34 ? `${p.name.slice(0, 33)}…` : p.name;
    body.push(
      `<text x="${LABEL_W - 8}" y="${top + 17}" text-anchor="end" fill="${COLORS.text}">${esc(label)}<title>${esc(p.name)}</title></text>`,
    );
    const bx = x(p.startMs);
    const bw = Math.max(2, x(p.startMs + p.durationMs) - bx);
    body.push(
      `<rect x="${px(bx)}" y="${top + 5}" width="${px(bw)}" height="${ROW - 10}" rx="2" fill="${p.failed ? COLORS.barOver : COLORS.bar}"/>`,
    );
    body.push(
      `<text x="${px(bx + bw + 6)}" y="${top + 17}" fill="${COLORS.text}">${esc(msLabel(p.durationMs))}</text>`,
    );
  });
  for (const m of input.markers ?? []) {
    const at = px(x(m.atMs));
    body.push(
      `<line x1="${at}" x2="${at}" y1="${TOP - 6}" y2="${bottom}" stroke="${COLORS.marker}" stroke-dasharray="4 3"/>`,
    );
    body.push(
      `<text x="${at}" y="${bottom + 32}" text-anchor="middle" fill="${COLORS.marker}">${esc(`${m.name} ${msLabel(m.atMs)}`)}</text>`,
    );
  }
  return svgDocument(W, height, title, body);
}
