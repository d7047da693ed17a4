// The journey as phases on one monotonic clock: HTTP calls, upgrades to the ready frame, runs and their events.
import type { LogicalEvent } from '../../profiles/define.ts';
import type { GoldenPathClient } from './golden-path-client.ts';

export interface TimelinePhase {
  name: string;
  /** ms from the first thing the client did. */
  startMs: number;
  durationMs: number;
  failed?: boolean;
  /** The connection a connect or run phase was on, as its ready frame named it. */
  connectionId?: string;
}

export interface TimelineMarker {
  name: string;
  atMs: number;
}

export interface Timeline {
  phases: TimelinePhase[];
  markers: TimelineMarker[];
}

export function journeyTimeline(client: GoldenPathClient): Timeline {
  const starts = [...client.http.exchanges.map((x) => x.at), ...client.connections.map((c) => c.startedAt)];
  if (starts.length === 0) return { phases: [], markers: [] };
  const t0 = Math.min(...starts);
  const phases: TimelinePhase[] = [];
  const markers: TimelineMarker[] = [];
  for (const x of client.http.exchanges) {
    const failed = x.error !== undefined || (x.status ?? 0) >= 400;
    phases.push({
      name: `${x.what} (${x.status ?? x.error ?? '…'})`,
      startMs: x.at - t0,
      durationMs: x.ms,
      ...(failed ? { failed: true } : {}),
    });
  }
  client.connections.forEach((c, i) => {
    const end = c.readyMs ?? c.upgradeMs ?? c.closeInfo?.atMs ?? 0;
    const failed = c.readyMs === undefined;
    const id = c.connectionId !== undefined ? { connectionId: c.connectionId } : {};
    phases.push({
      name: `connect #${i + 1} → ${c.readyMs !== undefined ? 'ready' : (c.outcome?.kind ?? 'no answer')}`,
      startMs: c.startedAt - t0,
      durationMs: end,
      ...(failed ? { failed: true } : {}),
      ...id,
    });
  });
  client.sessions.forEach((s) => {
    s.runs.forEach((run, r) => {
      const label = `run ${r + 1}`;
      const end = run.completedMs ?? Math.max(0, ...run.frames.map((f) => f.at - run.sentAt));
      const id = s.connectionId !== undefined ? { connectionId: s.connectionId } : {};
      phases.push({
        name: `${label}: question → ${run.terminal === 'completed' ? 'answer' : run.terminal}`,
        startMs: run.sentAt - t0,
        durationMs: end,
        ...(run.terminal !== 'completed' ? { failed: true } : {}),
        ...id,
      });
      // Each event as its own row, from the question to its arrival: the waterfall of the answer.
      for (const [event, at] of Object.entries(run.phaseMs) as [LogicalEvent, number][]) {
        phases.push({ name: `  ↳ ${s.reader.nameOf(event)}`, startMs: run.sentAt - t0, durationMs: at });
        markers.push({ name: `${label} ${s.reader.nameOf(event)}`, atMs: run.sentAt - t0 + at });
      }
    });
  });
  return { phases, markers };
}
