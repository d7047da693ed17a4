// The live progress line on stderr, at most once a second: elapsed, VUs, sessions, journeys, errors, p95 so far.
import { performance } from 'node:perf_hooks';
import { M } from '../lib/metrics.ts';
import type { RunState } from './run-state.ts';
import { formatDuration, formatSeconds } from '../../src/format/duration.ts';

export function progressLine(state: RunState): string {
  const { plan, registry } = state;
  const elapsedMs = Math.max(0, performance.now() - state.startedAt);
  const total = plan.rampUpS + plan.durationS;
  const head = `${plan.scenario} [node] ${formatSeconds(elapsedMs, 0)}/${total}s`;
  if (plan.scenario === 'ws-concurrency') {
    const p95 = registry.percentile(M.run.name, 95);
    const p95Text = p95 ? `p95 answer ${formatSeconds(p95.value, 2)} (n=${p95.n})` : 'p95 answer n/a (n=0)';
    return `${head} · VUs ${state.vusActive}/${plan.vus} · sessions open ${state.sessionsOpen} · journeys ${state.runsDone} done · errors ${state.errors} · ${p95Text}`;
  }
  const p95 = registry.percentile(M.health.name, 95);
  const p95Text = p95
    ? `p95 health ${formatDuration(p95.value, { unit: 'ms', msDigits: 1, compact: true })} (n=${p95.n})`
    : 'p95 health n/a (n=0)';
  return `${head} · in flight ${state.inFlight} · requests ${state.runsDone} done · dropped ${registry.count(M.dropped.name)} · errors ${state.errors} · ${p95Text}`;
}

/** Starts the line; a terminal gets it rewritten in place each second, a log a line every 5 s. */
export function startProgress(state: RunState, stream: NodeJS.WriteStream): () => void {
  const tty = stream.isTTY === true;
  const every = tty ? 1000 : 5000;
  const timer = setInterval(
    () => stream.write(tty ? `\r\x1b[2K${progressLine(state)}` : `${progressLine(state)}\n`),
    every,
  );
  timer.unref();
  return () => {
    clearInterval(timer);
    if (tty) stream.write('\r\x1b[2K');
  };
}
