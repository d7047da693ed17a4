// The one SLA table (documented in docs/slas.md): every number the harness judges against, with its override setting.

export type SlaUnit = 'ms' | 'ratio' | 'count' | 'days' | 'per_s' | 'factor';
/** `max`: measured must stay below the target; `min`: measured must reach it; `report`: recorded, never judged. */
export type SlaBound = 'max' | 'min' | 'report';
/** Which statistic of the samples is judged. */
export type SlaStatistic = 'value' | 'p95' | 'max' | 'rate' | 'count' | 'mean';

export interface SlaDefinition {
  id: string;
  what: string;
  unit: SlaUnit;
  bound: SlaBound;
  statistic: SlaStatistic;
  target: number;
  /** A softer second bound: between it and the target the run is "degraded", not failed. */
  degraded?: number;
  /** The setting that overrides the target in `.env.<environment>`. */
  setting: string;
  source: string;
}

const table = [
  {
    id: 'auth.login.latency',
    what: 'login request → token received',
    unit: 'ms',
    bound: 'max',
    statistic: 'p95',
    target: 500,
    degraded: 200,
    setting: 'SLA_AUTH_LOGIN_P95_MS',
    source: '"<500ms average auth service response time"; 0.5–1.11 s were the failure signatures',
  },
  {
    id: 'ws.handshake.success',
    what: 'WebSocket upgrade + auth accepted, per attempt',
    unit: 'ratio',
    bound: 'min',
    statistic: 'rate',
    target: 1,
    setting: 'SLA_WS_HANDSHAKE_SUCCESS_RATE',
    source:
      '"99% WebSocket handshake success rate" (100 % in functional suites; load uses SLA_LOAD_WS_HANDSHAKE_SUCCESS_RATE)',
  },
  {
    id: 'ws.handshake.latency',
    what: 'TCP+TLS+upgrade+connection established message',
    unit: 'ms',
    bound: 'max',
    statistic: 'p95',
    target: 1000,
    setting: 'SLA_WS_HANDSHAKE_P95_MS',
    source: 'derived: handshake waited on auth (auth SLA + margin)',
  },
  {
    id: 'golden_path.e2e',
    what: 'login → send message → final agent event',
    unit: 'ms',
    bound: 'max',
    statistic: 'max',
    target: 30_000,
    setting: 'SLA_GOLDEN_PATH_E2E_MS',
    source: '"golden_path_e2e_time < 30.0s"',
  },
  {
    id: 'golden_path.success',
    what: 'complete journeys / attempted journeys (goodput)',
    unit: 'ratio',
    bound: 'min',
    statistic: 'rate',
    target: 0.995,
    setting: 'SLA_GOLDEN_PATH_SUCCESS_RATE',
    source: '"Golden Path completion rate 99.5%"',
  },
  {
    id: 'agent.events.complete',
    what: 'all 5 critical agent events delivered, in order, for every run',
    unit: 'ratio',
    bound: 'min',
    statistic: 'rate',
    target: 1,
    setting: 'SLA_AGENT_EVENTS_COMPLETE_RATE',
    source: '"All 5 critical WebSocket events reliably delivered"',
  },
  {
    id: 'agent.first_event.latency',
    what: 'message sent → first agent event',
    unit: 'ms',
    bound: 'max',
    statistic: 'p95',
    target: 2000,
    setting: 'SLA_AGENT_FIRST_EVENT_P95_MS',
    source: 'derived: the user must see progress quickly',
  },
  {
    id: 'agent.stream.first_token',
    what: 'message sent → first frame with answer text',
    unit: 'ms',
    bound: 'max',
    statistic: 'p95',
    target: 3000,
    setting: 'SLA_AGENT_FIRST_TOKEN_P95_MS',
    source: 'derived: streaming SLAs (docs/slas.md)',
  },
  {
    id: 'agent.stream.max_gap',
    what: 'largest silence between consecutive frames of one run',
    unit: 'ms',
    bound: 'max',
    statistic: 'max',
    target: 10_000,
    setting: 'SLA_AGENT_STREAM_MAX_GAP_MS',
    source: 'derived: a stalled stream',
  },
  {
    id: 'agent.stream.gap',
    what: "arrival gaps between a run's consecutive frames, pooled (p50/p95/p99/max with n)",
    unit: 'ms',
    bound: 'report',
    statistic: 'p95',
    target: 0,
    setting: 'SLA_AGENT_STREAM_GAP_P95_MS',
    source: 'a per-run average would hide the stalls users complain about; reported, no default gate',
  },
  {
    id: 'agent.stream.rate',
    what: 'chunks per second over the streaming part of a run',
    unit: 'per_s',
    bound: 'report',
    statistic: 'mean',
    target: 0,
    setting: 'SLA_AGENT_STREAM_RATE',
    source: 'reported; no default gate',
  },
  {
    id: 'agent.events.spread',
    what: "share of gaps between a run's consecutive agent events within 0.1–10 s",
    unit: 'ratio',
    bound: 'min',
    statistic: 'rate',
    target: 0.7,
    setting: 'SLA_AGENT_EVENTS_SPREAD_RATE',
    source: "the product's own suite used this bound",
  },
  {
    id: 'first_request.latency',
    what: "the run's first request to the target (each service's health path), never retried",
    unit: 'ms',
    bound: 'max',
    statistic: 'value',
    target: 5000,
    setting: 'SLA_FIRST_REQUEST_MS',
    source:
      '"Health endpoint response time < 5 seconds consistently": the first call after a deploy included',
  },
  {
    id: 'health.latency',
    what: 'GET /health',
    unit: 'ms',
    bound: 'max',
    statistic: 'p95',
    target: 5000,
    setting: 'SLA_HEALTH_P95_MS',
    source: '"Health endpoint response time < 5 seconds consistently"',
  },
  {
    id: 'health.ready.latency',
    what: 'GET /health/ready',
    unit: 'ms',
    bound: 'max',
    statistic: 'max',
    target: 8000,
    setting: 'SLA_HEALTH_READY_MS',
    source: '"Health endpoint response < 8 seconds" (readiness blocked by a 30 s Redis timeout)',
  },
  {
    id: 'health.ready.consistency',
    what: 'slowest of 5 readiness calls in a row and 3 at once, as a multiple of their mean (none may fail)',
    unit: 'factor',
    bound: 'max',
    statistic: 'value',
    target: 2,
    setting: 'SLA_HEALTH_READY_CONSISTENCY_RATIO',
    source: "the product's own suite: none fails or times out; slowest ≤ 2 × the mean",
  },
  {
    id: 'infra.db.connection_time',
    what: 'database connection time reported by the infrastructure endpoint',
    unit: 'ms',
    bound: 'max',
    statistic: 'value',
    target: 5000,
    setting: 'SLA_INFRA_DB_CONNECTION_MS',
    source: '"database_connection_time < 5.0s"',
  },
  {
    id: 'infra.db.pool_utilization',
    what: 'database pool utilisation reported by the infrastructure endpoint',
    unit: 'ratio',
    bound: 'max',
    statistic: 'value',
    target: 0.8,
    setting: 'SLA_INFRA_DB_POOL_UTILIZATION',
    source: 'seeds: alert at 80–85 %',
  },
  {
    id: 'ws.no_internal_errors',
    what: 'WebSocket closes with 1011 / HTTP 5xx seen during a run',
    unit: 'count',
    bound: 'max',
    statistic: 'count',
    target: 0,
    setting: 'SLA_WS_INTERNAL_ERRORS_MAX',
    source: '"No 1011 WebSocket errors"; "systematic 5xx errors"',
  },
  {
    id: 'load.concurrent_connections',
    what: 'concurrent authenticated WebSocket sessions held for the load window',
    unit: 'count',
    bound: 'min',
    statistic: 'max',
    target: 50,
    setting: 'SLA_LOAD_CONCURRENT_CONNECTIONS',
    source: '"--concurrent 50 --duration 300s"',
  },
  {
    id: 'tls.cert.days_left',
    what: 'days until the served certificate expires (https targets)',
    unit: 'days',
    bound: 'min',
    statistic: 'value',
    target: 14,
    degraded: 30,
    setting: 'SLA_TLS_CERT_DAYS_LEFT',
    source: 'product suite: fail < 14 days; degraded < 30 days',
  },
  {
    id: 'ws.reconnect.latency',
    what: 'dropped client reconnects with the same token and reaches the ready frame',
    unit: 'ms',
    bound: 'max',
    statistic: 'p95',
    target: 1000,
    setting: 'SLA_WS_RECONNECT_P95_MS',
    source: 'product suite: within ws.handshake.latency',
  },
] as const satisfies readonly SlaDefinition[];

export type SlaId = (typeof table)[number]['id'];
export const SLA_DEFAULTS: readonly SlaDefinition[] = table;

export type SlaTable = Readonly<Record<SlaId, SlaDefinition>>;

/** The setting that overrides an SLA's degraded bound: its target's setting + `_DEGRADED`. */
export function degradedSetting(def: Pick<SlaDefinition, 'setting'>): string {
  return `${def.setting}_DEGRADED`;
}

/** An SLA's two bounds in the wrong order (a degraded bound past its target): one line naming the settings. */
export class SlaTableError extends Error {
  readonly code = 'SLA_TABLE_INVALID';
}

/** The degraded bound lies on the passing side of the target: below a `max`, above a `min`; a `report` SLA has none. */
export function degradedProblem(def: SlaDefinition, degraded: number): string | undefined {
  if (def.bound === 'report') return `SLA ${def.id} is reported, never judged: it can have no degraded bound`;
  if (def.bound === 'max' && !(degraded < def.target))
    return `SLA ${def.id}: the degraded bound ${degraded} must be below its target ${def.target} (a max)`;
  if (def.bound === 'min' && !(degraded > def.target))
    return `SLA ${def.id}: the degraded bound ${degraded} must be above its target ${def.target} (a min)`;
  return undefined;
}

/**
 * Apply `SLA_*` overrides (already validated as numbers) to the defaults: `<setting>` moves the target,
 * `<setting>_DEGRADED` the degraded bound. A degraded bound set explicitly on the wrong side of the target is an
 * error; a default one that a moved target left on the wrong side is dropped (it described the default target).
 */
export function buildSlaTable(overrides: Readonly<Record<string, number | undefined>>): SlaTable {
  const entries = table.map((d): [SlaId, SlaDefinition] => {
    const target = overrides[d.setting];
    const degradedOverride = overrides[degradedSetting(d)];
    const def: SlaDefinition = target === undefined ? d : { ...d, target };
    if (degradedOverride !== undefined) {
      const problem = degradedProblem(def, degradedOverride);
      if (problem)
        throw new SlaTableError(
          `${degradedSetting(d)}=${degradedOverride}: ${problem}${target !== undefined ? ` (${d.setting}=${target})` : ''}`,
        );
      return [d.id, { ...def, degraded: degradedOverride }];
    }
    if (def.degraded !== undefined && degradedProblem(def, def.degraded)) {
      const { degraded: _dropped, ...rest } = def;
      return [d.id, rest];
    }
    return [d.id, def];
  });
  return Object.fromEntries(entries) as Record<SlaId, SlaDefinition>;
}

/**
 * A wait that an SLA judges is bounded by that SLA's target × this factor (and by its own timeout setting, when
 * lower): long enough for a breach to be measured and named as one, never left to the test's 90 s timeout.
 */
export const SLA_WAIT_FACTOR = 2;

export function slaWaitMs(table: SlaTable, id: SlaId, settingMs: number): number {
  return Math.min(settingMs, table[id].target * SLA_WAIT_FACTOR);
}
