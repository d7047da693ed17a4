// Resolves a LoadPlan from the typed config and the command line: load shapes, SLA targets, timeouts, users.
import { runTraceId } from '../../src/config/runner-env.ts';
import { BUILT_IN_PROFILES } from '../../profiles/index.ts';
import type { Config } from '../../src/config/index.ts';
import { applyProfileOverrides, PROFILE_OVERRIDES } from '../../src/config/profile-overrides.ts';
import { SLA_DEFAULTS } from '../../src/config/sla-table.ts';
import { defaultRampUp, LOAD_SHAPES, type ScenarioName } from '../lib/load-shapes.ts';
import type { LoadPlan, LoadUser, LoginMode } from '../lib/plan.ts';

export interface PlanRequest {
  scenario: ScenarioName;
  vus?: number;
  durationS?: number;
  rampUpS?: number;
  ratePerS?: number;
  maxInFlight?: number;
  pingEveryS?: number;
  askEveryS?: number;
  gracefulStopS?: number;
  login?: LoginMode;
}

export function planFromConfig(request: PlanRequest, config: Config): LoadPlan {
  const shape = LOAD_SHAPES[request.scenario];
  const durationS = request.durationS ?? shape.durationS;
  // The SLA's own figure: "50 held for 300 s" is what a default run proves.
  const vus = request.vus ?? config.sla['load.concurrent_connections'].target;
  const sla: Record<string, number> = {};
  for (const def of SLA_DEFAULTS) sla[def.setting] = config.sla[def.id as keyof Config['sla']].target;
  return {
    scenario: request.scenario,
    environment: config.environment,
    profile: config.profile.name,
    urls: { api: config.urls.api, auth: config.urls.auth, ws: config.urls.ws },
    ...(config.urls.web ? { webUrl: config.urls.web } : {}),
    vus,
    rampUpS: request.rampUpS ?? defaultRampUp(request.scenario, durationS, vus).rampUpS,
    durationS,
    ratePerS: request.ratePerS ?? shape.ratePerS,
    maxInFlight: request.maxInFlight ?? shape.maxInFlight,
    pingEveryS: request.pingEveryS ?? shape.pingEveryS,
    askEveryS: request.askEveryS ?? shape.askEveryS,
    gracefulStopS: request.gracefulStopS ?? shape.gracefulStopS,
    login: request.login ?? 'per-vu',
    question: config.settings.PROBE_QUESTION ?? config.profile.probe.question,
    followUp: config.profile.probe.followUp,
    connectTimeoutMs: config.timeouts.connectMs,
    requestTimeoutMs: config.timeouts.requestMs,
    agentTimeoutMs: config.timeouts.agentMs,
    sla,
    // One trace per run, shared with the Node clients' own requests (a login) and a k6 run's (-e GP_TRACE_ID).
    traceId: runTraceId(),
  };
}

/** The test users with their secrets revealed, for k6's process environment only. */
export function loadUsers(config: Config): LoadUser[] {
  return config.users.map((u) => ({
    label: u.label,
    ...(u.email !== undefined ? { email: u.email } : {}),
    ...(u.username !== undefined ? { username: u.username } : {}),
    ...(u.fields && Object.keys(u.fields).length > 0 ? { fields: u.fields } : {}),
    ...(u.password !== undefined ? { password: u.password.reveal() } : {}),
    ...(u.token !== undefined ? { token: u.token.reveal() } : {}),
  }));
}

/**
 * The values of the settings the profile's http strategies declare (`secretSettings`), for k6's process environment
 * only, as the users' passwords: k6 reads them into __ENV under their own names. Never `-e`, never printed.
 */
export function profileSecretEnv(config: Config): Record<string, string> {
  const names = config.profile.auth.strategies.flatMap((s) =>
    s.kind === 'http' ? [...(s.secretSettings ?? [])] : [],
  );
  const env: Record<string, string> = {};
  for (const name of names) {
    const value = config.secrets[name]?.reveal();
    if (value !== undefined && value !== '') env[name] = value;
  }
  return env;
}

/**
 * The `-e` values that rebuild this config's profile inside k6 (a bundled profile plus the name-override settings,
 * applied by the same function), or why k6 cannot have it. `settings` are the raw environment values.
 */
export function k6ProfileEnv(
  config: Config,
  settings: Readonly<Record<string, string>>,
): { env: Record<string, string> } | { problem: string } {
  const builtIn = BUILT_IN_PROFILES[config.profile.name];
  if (!builtIn) {
    return {
      problem: `profile "${config.profile.name}" (${config.profileFile}) is not bundled into the k6 scripts; use --engine node or add it to profiles/index.ts`,
    };
  }
  const env = Object.fromEntries(
    Object.entries(settings).filter(([k, v]) => k in PROFILE_OVERRIDES && v !== ''),
  );
  // The proof k6 will see the same profile: rebuilt from what it receives, it must equal the one loaded here.
  if (JSON.stringify(applyProfileOverrides(builtIn, env)) !== JSON.stringify(config.profile)) {
    return {
      problem: `profile "${config.profile.name}" as loaded differs from what k6 can rebuild from its settings; use --engine node`,
    };
  }
  return { env };
}
