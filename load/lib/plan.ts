// The resolved plan of one load run, and its `-e` / __ENV encoding: the only way configuration reaches k6.
import { SLA_DEFAULTS } from '../../src/config/sla-table.ts';
import { LOAD_SHAPES, SCENARIOS, type ScenarioName } from './load-shapes.ts';

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
}

/** Test users as k6 sees them: emails travel as `-e`, passwords and tokens only in k6's process environment. */
export interface LoadUser {
  label: string;
  email?: string;
  username?: string;
  password?: string;
  token?: string;
}

export class PlanError extends Error {
  readonly code = 'LOAD_PLAN_INVALID';
}

const KEYS = {
  scenario: 'GP_SCENARIO',
  environment: 'GP_ENVIRONMENT',
  profile: 'GP_PROFILE',
  api: 'GP_API_URL',
  auth: 'GP_AUTH_URL',
  ws: 'GP_WS_URL',
  web: 'GP_WEB_URL',
  vus: 'GP_VUS',
  rampUpS: 'GP_RAMP_UP_S',
  durationS: 'GP_DURATION_S',
  ratePerS: 'GP_RATE',
  maxInFlight: 'GP_MAX_IN_FLIGHT',
  pingEveryS: 'GP_PING_EVERY_S',
  askEveryS: 'GP_ASK_EVERY_S',
  gracefulStopS: 'GP_GRACEFUL_STOP_S',
  login: 'GP_LOGIN',
  question: 'GP_QUESTION',
  followUp: 'GP_FOLLOW_UP',
  connectTimeoutMs: 'GP_CONNECT_TIMEOUT_MS',
  requestTimeoutMs: 'GP_REQUEST_TIMEOUT_MS',
  agentTimeoutMs: 'GP_AGENT_TIMEOUT_MS',
} as const;

const USER_SLOTS = 2;
/** Environment variables that hold secrets: never on a command line, never printed. */
export const SECRET_ENV = Array.from({ length: USER_SLOTS }, (_, i) => [
  `GP_USER${i + 1}_PASSWORD`,
  `GP_USER${i + 1}_TOKEN`,
]).flat();

/** The plan as `-e NAME=value` pairs (no secrets in it). */
export function planToEnv(plan: LoadPlan): Record<string, string> {
  const env: Record<string, string> = {
    [KEYS.scenario]: plan.scenario,
    [KEYS.environment]: plan.environment,
    [KEYS.profile]: plan.profile,
    [KEYS.api]: plan.urls.api,
    [KEYS.auth]: plan.urls.auth,
    [KEYS.ws]: plan.urls.ws,
    [KEYS.vus]: String(plan.vus),
    [KEYS.rampUpS]: String(plan.rampUpS),
    [KEYS.durationS]: String(plan.durationS),
    [KEYS.ratePerS]: String(plan.ratePerS),
    [KEYS.maxInFlight]: String(plan.maxInFlight),
    [KEYS.pingEveryS]: String(plan.pingEveryS),
    [KEYS.askEveryS]: String(plan.askEveryS),
    [KEYS.gracefulStopS]: String(plan.gracefulStopS),
    [KEYS.login]: plan.login,
    [KEYS.question]: plan.question,
    [KEYS.followUp]: plan.followUp,
    [KEYS.connectTimeoutMs]: String(plan.connectTimeoutMs),
    [KEYS.requestTimeoutMs]: String(plan.requestTimeoutMs),
    [KEYS.agentTimeoutMs]: String(plan.agentTimeoutMs),
  };
  if (plan.webUrl) env[KEYS.web] = plan.webUrl;
  for (const [setting, target] of Object.entries(plan.sla)) env[setting] = String(target);
  return env;
}

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
    users.push({
      label: `user${i}`,
      ...(email ? { email } : {}),
      ...(username ? { username } : {}),
      ...(password ? { password } : {}),
      ...(token ? { token } : {}),
    });
  }
  return users;
}

/** Reads a plan from __ENV (k6) or any string map; a missing or malformed value throws one line naming it. */
export function planFromEnv(env: Readonly<Record<string, string | undefined>>): LoadPlan {
  const text = (key: string, fallback?: string): string => {
    const value = env[key];
    if (value !== undefined && value !== '') return value;
    if (fallback !== undefined) return fallback;
    throw new PlanError(`${key} is not set: run through \`npm run load\`, or pass -e ${key}=…`);
  };
  // A fallback comes from the tables (load shapes, SLA table); settings without one must be passed.
  const num = (key: string, fallback: number | undefined, min: number): number => {
    const raw = env[key];
    if (raw === undefined || raw === '') {
      if (fallback !== undefined) return fallback;
      throw new PlanError(`${key} is not set: run through \`npm run load\`, or pass -e ${key}=…`);
    }
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min) throw new PlanError(`${key}="${raw}" is not a number >= ${min}`);
    return n;
  };
  const scenario = text(KEYS.scenario) as ScenarioName;
  if (!SCENARIOS.includes(scenario))
    throw new PlanError(`${KEYS.scenario}="${scenario}" is not one of ${SCENARIOS.join(', ')}`);
  const shape = LOAD_SHAPES[scenario];
  const login = text(KEYS.login, 'per-vu');
  if (login !== 'per-vu' && login !== 'per-user')
    throw new PlanError(`${KEYS.login}="${login}" is not per-vu or per-user`);
  const sla: Record<string, number> = {};
  for (const def of SLA_DEFAULTS) sla[def.setting] = num(def.setting, def.target, 0);
  const webUrl = env[KEYS.web];
  return {
    scenario,
    environment: text(KEYS.environment),
    profile: text(KEYS.profile, 'default'),
    urls: { api: text(KEYS.api), auth: text(KEYS.auth), ws: text(KEYS.ws) },
    ...(webUrl ? { webUrl } : {}),
    vus: num(KEYS.vus, undefined, 1),
    rampUpS: num(KEYS.rampUpS, shape.rampUpS, 0),
    durationS: num(KEYS.durationS, shape.durationS, 1),
    ratePerS: num(KEYS.ratePerS, shape.ratePerS, 0),
    maxInFlight: num(KEYS.maxInFlight, shape.maxInFlight, 0),
    pingEveryS: num(KEYS.pingEveryS, shape.pingEveryS, 0),
    askEveryS: num(KEYS.askEveryS, shape.askEveryS, 0),
    gracefulStopS: num(KEYS.gracefulStopS, shape.gracefulStopS, 0),
    login,
    question: text(KEYS.question),
    followUp: text(KEYS.followUp),
    connectTimeoutMs: num(KEYS.connectTimeoutMs, undefined, 1),
    requestTimeoutMs: num(KEYS.requestTimeoutMs, undefined, 1),
    agentTimeoutMs: num(KEYS.agentTimeoutMs, undefined, 1),
    sla,
  };
}
