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

const trend = (name: string, what: string, sla?: SlaId): MetricDefinition => ({
  name,
  kind: 'trend',
  time: true,
  what,
  ...(sla ? { sla } : {}),
});

export const M = {
  login: trend('auth_login_duration', 'login request → token (per login)', 'auth.login.latency'),
  handshake: trend('ws_handshake_duration', 'connect → ready frame', 'ws.handshake.latency'),
  handshakeOk: {
    name: 'ws_handshake_success',
    kind: 'rate',
    time: false,
    what: 'upgrades that reached the ready frame',
    sla: 'ws.handshake.success',
  },
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
  spread: {
    name: 'agent_events_spread',
    kind: 'trend',
    time: false,
    what: 'share of agent-event gaps within 0.1–10 s, per run',
    sla: 'agent.events.spread',
  },
  streamRate: {
    name: 'agent_stream_rate',
    kind: 'trend',
    time: false,
    what: 'stream chunks per second, per run',
    sla: 'agent.stream.rate',
  },
  journey: trend(
    'golden_path_journey_duration',
    'login → final agent event of the first question',
    'golden_path.e2e',
  ),
  run: trend('agent_run_duration', 'question sent → final agent event (every question)'),
  journeyOk: {
    name: 'golden_path_success',
    kind: 'rate',
    time: false,
    what: 'runs complete and within every per-run SLA (goodput)',
    sla: 'golden_path.success',
  },
  eventsComplete: {
    name: 'agent_events_complete',
    kind: 'rate',
    time: false,
    what: 'runs with all agent events, in order, no violation',
    sla: 'agent.events.complete',
  },
  close1011: {
    name: 'ws_close_1011',
    kind: 'counter',
    time: false,
    what: 'WebSocket closes with 1011 (server error)',
    sla: 'ws.no_internal_errors',
  },
  http5xx: {
    name: 'http_5xx',
    kind: 'counter',
    time: false,
    what: 'HTTP answers (and upgrades) with 5xx',
    sla: 'ws.no_internal_errors',
  },
  isolation: {
    name: 'isolation_breaches',
    kind: 'counter',
    time: false,
    what: "frames carrying another user's id (F10)",
    invariant: "a connection only ever receives its own user's frames",
  },
  sessionsOpened: {
    name: 'ws_sessions_opened',
    kind: 'counter',
    time: false,
    what: 'sessions that reached the ready frame',
  },
  sessionsHeld: {
    name: 'ws_sessions_held',
    kind: 'counter',
    time: false,
    what: 'sessions held open to the end of the window',
    sla: 'load.concurrent_connections',
  },
  sessionsDropped: {
    name: 'ws_sessions_dropped',
    kind: 'counter',
    time: false,
    what: 'sessions closed by the server before the end of the window',
  },
  concurrent: { name: 'ws_sessions_concurrent', kind: 'gauge', time: false, what: 'sessions open at once' },
  runs: { name: 'agent_runs', kind: 'counter', time: false, what: 'questions sent' },
  runsInterrupted: {
    name: 'agent_runs_interrupted',
    kind: 'counter',
    time: false,
    what: 'runs cut by the end of the test (neither success nor failure, as k6)',
  },
  pings: { name: 'ws_pings', kind: 'counter', time: false, what: 'heartbeats sent' },
  pongs: { name: 'ws_pongs', kind: 'counter', time: false, what: 'heartbeat answers received' },
  health: trend('health_duration', 'GET live health, from the intended send time', 'health.latency'),
  healthReady: trend(
    'health_ready_duration',
    'GET readiness, from the intended send time',
    'health.ready.latency',
  ),
  unhealthy: {
    name: 'health_unhealthy',
    kind: 'counter',
    time: false,
    what: 'health answers that were not healthy (status or body)',
    invariant: 'every health answer is healthy',
  },
  lag: trend('schedule_lag', 'intended send time → actual send (open loop)'),
  dropped: {
    name: 'dropped_iterations',
    kind: 'counter',
    time: false,
    what: 'arrivals dropped: no free slot at their intended time',
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
