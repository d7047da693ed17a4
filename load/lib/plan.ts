// The resolved plan of one load run, and its `-e` / __ENV encoding: the only way configuration reaches k6.
import { SLA_DEFAULTS, type SlaDefinition } from '../../src/config/sla-table.ts';
import { defaultAgentTimeoutMs, TIMEOUT_DEFAULTS } from '../../src/config/timeout-defaults.ts';
import { defaultRampUp, LOAD_SHAPES, SCENARIOS, type ScenarioName } from './load-shapes.ts';
import { metricsOf } from './metrics.ts';
import { isTraceId } from '../../src/protocol/trace-context.ts';

export type LoginMode = 'per-vu' | 'per-user';

export interface LoadPlan {
  scenario: ScenarioName;
  environment: string;
  /** A built-in profile name (profiles/index.ts): k6 bundles carry the profiles, not a path. */
  profile: string;
  urls: { api: string; auth: string; ws: string };
  /** The web app's URL: only a profile's acquireToken hook is told it (the load never goes there). */
  webUrl?: string;
  vus: number;
  rampUpS: number;
  durationS: number;
  ratePerS: number;
  maxInFlight: number;
  pingEveryS: number;
  askEveryS: number;
  gracefulStopS: number;
  /** per-vu: every VU logs in once (the journey); per-user: one login per test user, shared tokens. */
  login: LoginMode;
  question: string;
  followUp: string;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  agentTimeoutMs: number;
  /** SLA_* setting → target, as resolved by loadConfig (defaults and per-environment overrides). */
  sla: Readonly<Record<string, number>>;
  /** The run's W3C trace id: every request of the run carries it in its traceparent (undefined: one per VU). */
  traceId?: string;
}

/** Test users as k6 sees them: emails travel as `-e`, passwords and tokens only in k6's process environment. */
export interface LoadUser {
  label: string;
  email?: string;
  username?: string;
  /** Extra credential fields (TEST_USER_FIELD_<NAME>): `{{name}}` in lower case, as on Node. */
  fields?: Readonly<Record<string, string>>;
  password?: string;
  token?: string;
}

export class PlanError extends Error {
  readonly code = 'LOAD_PLAN_INVALID';
}

/** Who reads a variable: one scenario, or both. */
export type PlanScope = ScenarioName | 'both';

interface PlanVar {
  key: string;
  scope: PlanScope;
  /** The default a direct `k6 run` gets, as load/README.md states it; undefined: required. */
  fallback?: string;
}

/** Every `-e` variable of the plan, who reads it and its default (documented in load/README.md; a test checks). */
export const PLAN_VARS = {
  scenario: { key: 'GP_SCENARIO', scope: 'both', fallback: "the script's own" },
  environment: { key: 'GP_ENVIRONMENT', scope: 'both', fallback: 'unnamed' },
  profile: { key: 'GP_PROFILE', scope: 'both', fallback: 'default' },
  api: { key: 'GP_API_URL', scope: 'both' },
  auth: { key: 'GP_AUTH_URL', scope: 'ws-concurrency', fallback: 'GP_API_URL' },
  ws: { key: 'GP_WS_URL', scope: 'ws-concurrency' },
  web: { key: 'GP_WEB_URL', scope: 'ws-concurrency', fallback: 'none (only a token hook is told it)' },
  vus: { key: 'GP_VUS', scope: 'ws-concurrency', fallback: 'SLA_LOAD_CONCURRENT_CONNECTIONS (50)' },
  rampUpS: { key: 'GP_RAMP_UP_S', scope: 'ws-concurrency', fallback: 'as `npm run load` (at most 30)' },
  durationS: { key: 'GP_DURATION_S', scope: 'both', fallback: '300' },
  ratePerS: { key: 'GP_RATE', scope: 'health-latency', fallback: '10' },
  maxInFlight: { key: 'GP_MAX_IN_FLIGHT', scope: 'health-latency', fallback: '50' },
  pingEveryS: { key: 'GP_PING_EVERY_S', scope: 'ws-concurrency', fallback: '15' },
  askEveryS: { key: 'GP_ASK_EVERY_S', scope: 'ws-concurrency', fallback: '60' },
  gracefulStopS: { key: 'GP_GRACEFUL_STOP_S', scope: 'both', fallback: '30 / 10' },
  login: { key: 'GP_LOGIN', scope: 'ws-concurrency', fallback: 'per-vu' },
  question: { key: 'GP_QUESTION', scope: 'ws-concurrency', fallback: "the profile's probe question" },
  followUp: { key: 'GP_FOLLOW_UP', scope: 'ws-concurrency', fallback: "the profile's follow-up" },
  connectTimeoutMs: {
    key: 'GP_CONNECT_TIMEOUT_MS',
    scope: 'ws-concurrency',
    fallback: String(TIMEOUT_DEFAULTS.connectMs),
  },
  requestTimeoutMs: {
    key: 'GP_REQUEST_TIMEOUT_MS',
    scope: 'both',
    fallback: String(TIMEOUT_DEFAULTS.requestMs),
  },
  agentTimeoutMs: {
    key: 'GP_AGENT_TIMEOUT_MS',
    scope: 'ws-concurrency',
    fallback: '1.5 × SLA_GOLDEN_PATH_E2E_MS',
  },
  summaryFile: { key: 'GP_SUMMARY_FILE', scope: 'both', fallback: 'load-results/latest-<scenario>.json' },
  summaryLatest: { key: 'GP_SUMMARY_LATEST', scope: 'both', fallback: 'none' },
  traceId: { key: 'GP_TRACE_ID', scope: 'both', fallback: 'one per VU; `npm run load` sets one per run' },
} as const satisfies Record<string, PlanVar>;
const KEYS = Object.fromEntries(Object.entries(PLAN_VARS).map(([k, v]) => [k, v.key])) as {
  [K in keyof typeof PLAN_VARS]: (typeof PLAN_VARS)[K]['key'];
};

const reads = (scope: PlanScope, scenario: ScenarioName): boolean => scope === 'both' || scope === scenario;

/** The SLA settings a scenario reads: those of its metrics (thresholds and the per-run judgement). */
export function slaSettingsOf(scenario: ScenarioName): SlaDefinition[] {
  const ids = new Set<string>(metricsOf(scenario).flatMap((m) => (m.sla ? [m.sla] : [])));
  return SLA_DEFAULTS.filter((d) => ids.has(d.id));
}

const USER_SLOTS = 2;
/** Environment variables that hold secrets: never on a command line, never printed. */
export const SECRET_ENV = Array.from({ length: USER_SLOTS }, (_, i) => [
  `GP_USER${i + 1}_PASSWORD`,
  `GP_USER${i + 1}_TOKEN`,
]).flat();

/** The plan as `-e NAME=value` pairs: only what its scenario reads (no secrets in it). */
export function planToEnv(plan: LoadPlan): Record<string, string> {
  const values: Record<keyof typeof PLAN_VARS, string | undefined> = {
    scenario: plan.scenario,
    environment: plan.environment,
    profile: plan.profile,
    api: plan.urls.api,
    auth: plan.urls.auth,
    ws: plan.urls.ws,
    web: plan.webUrl,
    vus: String(plan.vus),
    rampUpS: String(plan.rampUpS),
    durationS: String(plan.durationS),
    ratePerS: String(plan.ratePerS),
    maxInFlight: String(plan.maxInFlight),
    pingEveryS: String(plan.pingEveryS),
    askEveryS: String(plan.askEveryS),
    gracefulStopS: String(plan.gracefulStopS),
    login: plan.login,
    question: plan.question,
    followUp: plan.followUp,
    connectTimeoutMs: String(plan.connectTimeoutMs),
    requestTimeoutMs: String(plan.requestTimeoutMs),
    agentTimeoutMs: String(plan.agentTimeoutMs),
    summaryFile: undefined,
    summaryLatest: undefined,
    traceId: plan.traceId,
  };
  const env: Record<string, string> = {};
  for (const [field, v] of Object.entries(PLAN_VARS) as [keyof typeof PLAN_VARS, PlanVar][]) {
    const value = values[field];
    if (value !== undefined && value !== '' && reads(v.scope, plan.scenario)) env[v.key] = value;
  }
  for (const def of slaSettingsOf(plan.scenario)) {
    const target = plan.sla[def.setting];
    if (target !== undefined) env[def.setting] = String(target);
  }
  return env;
}

/** `GP_USER<n>_FIELD_<NAME>`: an extra credential field of user n (TEST_USER_FIELD_<NAME> on Node). */
const fieldPrefix = (n: number): string => `GP_USER${n}_FIELD_`;

/** Users split into public `-e` values and secret environment values. */
export function usersToEnv(users: readonly LoadUser[]): {
  public: Record<string, string>;
  secret: Record<string, string>;
} {
  const pub: Record<string, string> = {};
  const secret: Record<string, string> = {};
  users.slice(0, USER_SLOTS).forEach((u, i) => {
    if (u.email) pub[`GP_USER${i + 1}_EMAIL`] = u.email;
    if (u.username) pub[`GP_USER${i + 1}_USERNAME`] = u.username;
    for (const [name, value] of Object.entries(u.fields ?? {}))
      pub[`${fieldPrefix(i + 1)}${name.toUpperCase()}`] = value;
    if (u.password) secret[`GP_USER${i + 1}_PASSWORD`] = u.password;
    if (u.token) secret[`GP_USER${i + 1}_TOKEN`] = u.token;
  });
  return { public: pub, secret };
}

export function usersFromEnv(env: Readonly<Record<string, string | undefined>>): LoadUser[] {
  const users: LoadUser[] = [];
  for (let i = 1; i <= USER_SLOTS; i++) {
    const email = env[`GP_USER${i}_EMAIL`];
    const password = env[`GP_USER${i}_PASSWORD`];
    const token = env[`GP_USER${i}_TOKEN`];
    const username = env[`GP_USER${i}_USERNAME`];
    if (!email && !username && !token) continue;
    const prefix = fieldPrefix(i);
    const fields = Object.fromEntries(
      Object.entries(env).flatMap(([k, v]) =>
        k.startsWith(prefix) && k.length > prefix.length && v
          ? [[k.slice(prefix.length).toLowerCase(), v]]
          : [],
      ),
    );
    users.push({
      label: `user${i}`,
      ...(email ? { email } : {}),
      ...(username ? { username } : {}),
      ...(Object.keys(fields).length > 0 ? { fields } : {}),
      ...(password ? { password } : {}),
      ...(token ? { token } : {}),
    });
  }
  return users;
}

/** Defaults only the profile knows: its probe question and follow-up. */
export interface ProfileDefaults {
  question: string;
  followUp: string;
}

/**
 * Reads a plan from __ENV (k6) or any string map: only the variables its scenario reads, each with its default
 * (PLAN_VARS); a missing required or malformed value throws one line naming it. Fields the scenario does not read
 * hold the load shape's values.
 */
export function planFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  probe: ProfileDefaults = { question: '', followUp: '' },
): LoadPlan {
  const given = (key: string): string | undefined => {
    const value = env[key];
    return value !== undefined && value !== '' ? value : undefined;
  };
  const text = (key: string, fallback?: string): string => {
    const value = given(key) ?? fallback;
    if (value !== undefined) return value;
    throw new PlanError(`${key} is not set: run through \`npm run load\`, or pass -e ${key}=…`);
  };
  const num = (key: string, fallback: number, min: number): number => {
    const raw = given(key);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min) throw new PlanError(`${key}="${raw}" is not a number >= ${min}`);
    return n;
  };
  const scenario = text(KEYS.scenario) as ScenarioName;
  if (!SCENARIOS.includes(scenario))
    throw new PlanError(`${KEYS.scenario}="${scenario}" is not one of ${SCENARIOS.join(', ')}`);
  const shape = LOAD_SHAPES[scenario];
  const ws = scenario === 'ws-concurrency';
  const sla: Record<string, number> = {};
  for (const def of slaSettingsOf(scenario)) sla[def.setting] = num(def.setting, def.target, 0);
  const login = ws ? text(KEYS.login, 'per-vu') : 'per-vu';
  if (login !== 'per-vu' && login !== 'per-user')
    throw new PlanError(`${KEYS.login}="${login}" is not per-vu or per-user`);
  const api = text(KEYS.api);
  const webUrl = ws ? given(KEYS.web) : undefined;
  const durationS = num(KEYS.durationS, shape.durationS, 1);
  const concurrent = SLA_DEFAULTS.find((d) => d.id === 'load.concurrent_connections');
  const vus = ws ? num(KEYS.vus, sla[concurrent?.setting ?? ''] ?? concurrent?.target ?? 1, 1) : 0;
  const e2e = SLA_DEFAULTS.find((d) => d.id === 'golden_path.e2e');
  const traceId = given(KEYS.traceId);
  if (traceId !== undefined && !isTraceId(traceId))
    throw new PlanError(
      `${KEYS.traceId}="${traceId}" is not a W3C trace id (32 lower-case hex digits, not all 0)`,
    );
  return {
    scenario,
    environment: text(KEYS.environment, 'unnamed'),
    profile: text(KEYS.profile, 'default'),
    urls: {
      api,
      auth: ws ? text(KEYS.auth, api) : api,
      ws: ws ? text(KEYS.ws) : '',
    },
    ...(webUrl ? { webUrl } : {}),
    vus,
    rampUpS: ws ? num(KEYS.rampUpS, defaultRampUp(scenario, durationS, vus).rampUpS, 0) : 0,
    durationS,
    ratePerS: ws ? shape.ratePerS : num(KEYS.ratePerS, shape.ratePerS, 0),
    maxInFlight: ws ? shape.maxInFlight : num(KEYS.maxInFlight, shape.maxInFlight, 0),
    pingEveryS: ws ? num(KEYS.pingEveryS, shape.pingEveryS, 0) : shape.pingEveryS,
    askEveryS: ws ? num(KEYS.askEveryS, shape.askEveryS, 0) : shape.askEveryS,
    gracefulStopS: num(KEYS.gracefulStopS, shape.gracefulStopS, 0),
    login,
    question: ws ? text(KEYS.question, probe.question || undefined) : '',
    followUp: ws ? text(KEYS.followUp, probe.followUp || undefined) : '',
    connectTimeoutMs: ws ? num(KEYS.connectTimeoutMs, TIMEOUT_DEFAULTS.connectMs, 1) : 0,
    requestTimeoutMs: num(KEYS.requestTimeoutMs, TIMEOUT_DEFAULTS.requestMs, 1),
    agentTimeoutMs: ws
      ? num(KEYS.agentTimeoutMs, defaultAgentTimeoutMs(sla[e2e?.setting ?? ''] ?? e2e?.target ?? 0), 1)
      : 0,
    sla,
    ...(traceId !== undefined ? { traceId } : {}),
  };
}
