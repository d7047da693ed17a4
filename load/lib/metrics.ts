// The custom metrics of the scenarios: k6 names (letters, digits, underscores), kinds, and the SLA each one measures.
import type { SlaId } from '../../src/config/sla-table.ts';
import type { ScenarioName } from './load-shapes.ts';

export type MetricKind = 'trend' | 'rate' | 'counter' | 'gauge';

export interface MetricDefinition {
  name: string;
  kind: MetricKind;
  /** k6's `contains`: time values are milliseconds. */
  time: boolean;
  what: string;
  /** The SLA its threshold comes from; absent: reported only. */
  sla?: SlaId;
  /** A correctness rule rather than an SLA: none may ever be seen (threshold count == 0). */
  invariant?: string;
  /** k6 measures it itself under this name: k6 scripts must not define it again. */
  k6Builtin?: boolean;
}

const metric =
  (kind: MetricKind, time: boolean) =>
  (name: string, what: string, sla?: SlaId): MetricDefinition => ({
    name,
    kind,
    time,
    what,
    ...(sla ? { sla } : {}),
  });
const trend = metric('trend', true);
/** A trend of plain numbers (ratios, rates), not of times. */
const numbers = metric('trend', false);
const rate = metric('rate', false);
const counter = metric('counter', false);
const gauge = metric('gauge', false);

export const M = {
  login: trend('auth_login_duration', 'login request → token (per login)', 'auth.login.latency'),
  handshake: trend('ws_handshake_duration', 'connect → ready frame', 'ws.handshake.latency'),
  handshakeOk: rate('ws_handshake_success', 'upgrades that reached the ready frame', 'ws.handshake.success'),
  firstEvent: trend(
    'agent_first_event_duration',
    'question sent → first agent event',
    'agent.first_event.latency',
  ),
  firstToken: trend(
    'agent_first_token_duration',
    'question sent → first answer text',
    'agent.stream.first_token',
  ),
  maxGap: trend('agent_stream_max_gap', 'largest silence between frames of a run', 'agent.stream.max_gap'),
  spread: numbers(
    'agent_events_spread',
    'share of agent-event gaps within 0.1–10 s, per run',
    'agent.events.spread',
  ),
  streamRate: numbers('agent_stream_rate', 'stream chunks per second, per run', 'agent.stream.rate'),
  journey: trend(
    'golden_path_journey_duration',
    'login → final agent event of the first question',
    'golden_path.e2e',
  ),
  run: trend('agent_run_duration', 'question sent → final agent event (every question)'),
  journeyOk: rate(
    'golden_path_success',
    'runs complete and within every per-run SLA (goodput)',
    'golden_path.success',
  ),
  eventsComplete: rate(
    'agent_events_complete',
    'runs with all agent events, in order, no violation',
    'agent.events.complete',
  ),
  close1011: counter('ws_close_1011', 'WebSocket closes with 1011 (server error)', 'ws.no_internal_errors'),
  http5xx: counter('http_5xx', 'HTTP answers (and upgrades) with 5xx', 'ws.no_internal_errors'),
  isolation: {
    ...counter('isolation_breaches', "frames carrying another user's id (F10)"),
    invariant: "a connection only ever receives its own user's frames",
  },
  sessionsOpened: counter('ws_sessions_opened', 'sessions that reached the ready frame'),
  sessionsHeld: counter(
    'ws_sessions_held',
    'sessions held open to the end of the window',
    'load.concurrent_connections',
  ),
  sessionsDropped: counter(
    'ws_sessions_dropped',
    'sessions closed by the server before the end of the window',
  ),
  concurrent: gauge('ws_sessions_concurrent', 'sessions open at once'),
  runs: counter('agent_runs', 'questions sent'),
  runsInterrupted: counter(
    'agent_runs_interrupted',
    'runs cut by the end of the test (neither success nor failure, as k6)',
  ),
  pings: counter('ws_pings', 'heartbeats sent'),
  pongs: counter('ws_pongs', 'heartbeat answers received'),
  health: trend('health_duration', 'GET live health, from the intended send time', 'health.latency'),
  healthReady: trend(
    'health_ready_duration',
    'GET readiness, from the intended send time',
    'health.ready.latency',
  ),
  unhealthy: {
    ...counter('health_unhealthy', 'health answers that were not healthy (status or body)'),
    invariant: 'every health answer is healthy',
  },
  lag: trend('schedule_lag', 'intended send time → actual send (open loop)'),
  dropped: {
    ...counter('dropped_iterations', 'arrivals dropped: no free slot at their intended time'),
    k6Builtin: true,
  },
} as const satisfies Record<string, MetricDefinition>;

export type MetricKey = keyof typeof M;

const WS: readonly MetricKey[] = [
  'login',
  'handshake',
  'handshakeOk',
  'firstEvent',
  'firstToken',
  'maxGap',
  'spread',
  'streamRate',
  'journey',
  'run',
  'journeyOk',
  'eventsComplete',
  'close1011',
  'http5xx',
  'isolation',
  'sessionsOpened',
  'sessionsHeld',
  'sessionsDropped',
  'concurrent',
  'runs',
  'runsInterrupted',
  'pings',
  'pongs',
];
const HEALTH: readonly MetricKey[] = ['health', 'healthReady', 'unhealthy', 'http5xx', 'lag', 'dropped'];

export function metricsOf(scenario: ScenarioName): readonly MetricDefinition[] {
  return (scenario === 'ws-concurrency' ? WS : HEALTH).map((k) => M[k]);
}
