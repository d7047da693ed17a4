// The Node executor: runs a scenario's load shape with the same metrics and thresholds as k6, bounded in time,
// every socket closed at the end or on a stop, and the summary written in k6's schema (exit 99 on a failed threshold).
import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import { useRequestIdHeader } from '../../src/clients/correlation.ts';
import type { Config } from '../../src/config/index.ts';
import { buildSlaTable } from '../../src/config/sla-table.ts';
import { FrameReader } from '../../src/protocol/frames.ts';
import { LOAD_SHAPES } from '../lib/load-shapes.ts';
import { metricsOf, type MetricDefinition } from '../lib/metrics.ts';
import type { LoadPlan } from '../lib/plan.ts';
import { judgeThresholds, type LoadSummary, type ThresholdResult } from '../lib/summary.ts';
import { ABORT_EVAL_DELAY_MS, thresholdRules } from '../lib/thresholds.ts';
import { runClosedLoop } from './closed-loop.ts';
import { isLoopback, LoadGuardError } from './guards.ts';
import { MetricsRegistry } from './metrics-registry.ts';
import { nodeSummary } from './node-summary.ts';
import { runOpenLoop } from './open-loop.ts';
import { startProgress } from './progress.ts';
import { summaryFiles, writeSummary } from './results.ts';
import { createListener, topProblems, type RunState } from './run-state.ts';
import type { ActiveSessions } from './ws-session.ts';
import { formatDuration } from '../../src/format/duration.ts';

export interface NodeRunOptions {
  outDir: string;
  allowRemote: boolean;
  /** Aborting it stops the run (Ctrl-C); the summary is still written, marked aborted. */
  signal?: AbortSignal;
  /** Where the live progress line goes; null for none. */
  progress?: NodeJS.WriteStream | null;
}

export interface NodeRunResult {
  summary: LoadSummary;
  failed: ThresholdResult[];
  /** 0, or 99 when a threshold failed (as k6). */
  exitCode: 0 | 99;
  files: { file: string; latest: string };
}

const VUS: MetricDefinition = { name: 'vus', kind: 'gauge', time: false, what: 'VUs holding a session' };
const VUS_MAX: MetricDefinition = { name: 'vus_max', kind: 'gauge', time: false, what: 'VUs of the plan' };
// Past the planned end, sessions get this long to close before their sockets are dropped.
const CLOSE_MARGIN_MS = 5000;

export async function runNodeScenario(
  plan: LoadPlan,
  config: Config,
  options: NodeRunOptions,
): Promise<NodeRunResult> {
  const remote = Object.values(plan.urls).find((u) => !isLoopback(u));
  if (remote !== undefined && !options.allowRemote) {
    throw new LoadGuardError(
      'LOAD_REMOTE_REFUSED',
      `${remote} is not a loopback address; the Node executor sends load to 127.0.0.1/localhost only unless --allow-remote is given`,
    );
  }
  // Every request of the run carries the trace (plan.traceId is the process's run trace) and the request-id header.
  useRequestIdHeader(config.profile.requestIdHeader);
  const sla = buildSlaTable(plan.sla);
  const rules = thresholdRules(plan.scenario, sla, {
    isolation: config.profile.authEnforced,
    login: config.users.some((u) => !u.token),
  });
  const closed = LOAD_SHAPES[plan.scenario].kind === 'closed-loop';
  const registry = new MetricsRegistry([...metricsOf(plan.scenario), ...(closed ? [VUS, VUS_MAX] : [])]);
  const stop = new AbortController();
  // Every waiting VU listens for the stop: thousands of listeners are expected, not a leak.
  setMaxListeners(0, stop.signal);
  let aborted: string | undefined;
  const abort = (why: string): void => {
    if (stop.signal.aborted) return;
    aborted = why;
    stop.abort();
  };
  // The launcher names the signal as the reason (SIGINT, SIGTERM); a bare abort is the user's Ctrl-C.
  const onExternal = (): void => {
    const reason: unknown = options.signal?.reason;
    abort(typeof reason === 'string' ? reason : 'stopped by the user (Ctrl-C)');
  };
  options.signal?.addEventListener('abort', onExternal, { once: true });
  if (options.signal?.aborted) onExternal();

  const active: ActiveSessions = new Set();
  const base = {
    plan,
    reader: new FrameReader(config.profile),
    sla,
    registry,
    signal: stop.signal,
    active,
    startedAt: performance.now(),
  };
  const counters = {
    vusActive: 0,
    sessionsOpen: 0,
    runsDone: 0,
    errors: 0,
    inFlight: 0,
    problems: new Map<string, number>(),
  };
  const partial = { ...base, ...counters };
  const state: RunState = Object.assign(partial, { listener: createListener(partial) });
  const startedAt = new Date();
  if (closed) registry.add(VUS_MAX, plan.vus);

  stop.signal.addEventListener('abort', () => {
    const now = performance.now();
    for (const session of [...active]) session.stop(now);
  });
  // Hard thresholds (abortOnFail) are watched each second, after k6's evaluation delay.
  const hard = rules.filter((r) => r.abortOnFail);
  const watchdog = setInterval(() => {
    if (closed) registry.add(VUS, state.vusActive);
    if (performance.now() - state.startedAt < ABORT_EVAL_DELAY_MS) return;
    const crossed = judgeThresholds(hard, registry.toSummary(performance.now() - state.startedAt)).find(
      (t) => !t.ok && !t.unmeasured,
    );
    if (crossed)
      abort(`threshold ${crossed.metric} ${crossed.expression} crossed (${crossed.source}): abortOnFail`);
  }, 1000);
  // The whole run is bounded: window + grace + connect + close margin, then every socket is dropped.
  const boundMs =
    (plan.rampUpS + plan.durationS + plan.gracefulStopS) * 1000 + plan.connectTimeoutMs + CLOSE_MARGIN_MS;
  const bound = setTimeout(
    () => abort(`run exceeded its bound of ${formatDuration(boundMs, { unit: 's', digits: 0 })}`),
    boundMs,
  );
  const stopProgress = options.progress ? startProgress(state, options.progress) : undefined;

  try {
    const work =
      plan.scenario === 'ws-concurrency' ? runClosedLoop(state, config) : runOpenLoop(state, config.urls.api);
    // After an abort, sessions get CLOSE_MARGIN_MS to close; then they are killed so the run always ends.
    await Promise.race([work, afterAbort(stop.signal, CLOSE_MARGIN_MS)]);
  } finally {
    clearInterval(watchdog);
    clearTimeout(bound);
    stopProgress?.();
    for (const session of [...active]) session.kill();
    options.signal?.removeEventListener('abort', onExternal);
  }

  const summary = nodeSummary({
    plan,
    rules,
    registry,
    durationMs: performance.now() - state.startedAt,
    startedAt,
    finishedAt: new Date(),
    errors: topProblems(state),
    aborted,
  });
  const results = summary.golden_path?.thresholds ?? [];
  const files = summaryFiles(options.outDir, plan.scenario, startedAt);
  writeSummary(summary, files, options.outDir);
  const failed = results.filter((r) => !r.ok);
  return { summary, failed, exitCode: failed.length > 0 ? 99 : 0, files };
}

function afterAbort(signal: AbortSignal, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    signal.addEventListener('abort', () => setTimeout(resolve, graceMs).unref(), { once: true });
  });
}
