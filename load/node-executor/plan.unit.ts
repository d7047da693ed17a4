// Unit tests of the plan's -e encoding, the secrets split, the k6 command line and the refusals.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { PROFILE_OVERRIDES } from '../../src/config/profile-overrides.ts';
import { loadConfig } from '../../src/config/index.ts';
import { LOCAL_DEFAULTS } from '../../src/config/settings.ts';
import { SLA_DEFAULTS } from '../../src/config/sla-table.ts';
import {
  PLAN_VARS,
  planFromEnv,
  planToEnv,
  SECRET_ENV,
  slaSettingsOf,
  usersFromEnv,
  usersToEnv,
  type LoadPlan,
} from '../lib/plan.ts';
import { defaultRampUp, LOAD_SHAPES } from '../lib/load-shapes.ts';
import { guardPlan, isLoopback, LoadGuardError } from './guards.ts';
import { describeCommand, findK6, k6RunArgs } from './k6-runner.ts';
import { Secret } from '../../src/config/secret.ts';
import { BYPASS, configFor, relayWithStrategies } from '../../src/testing/test-profile.ts';
import { k6ProfileEnv, loadUsers, profileSecretEnv } from './plan-from-config.ts';
import { adapterFor } from '../../src/protocol/adapter.ts';

const plan: LoadPlan = {
  scenario: 'ws-concurrency',
  environment: 'staging',
  profile: 'default',
  urls: { api: 'http://127.0.0.1:8787', auth: 'http://127.0.0.1:8787', ws: 'ws://127.0.0.1:8787/ws' },
  vus: 50,
  rampUpS: 10,
  durationS: 300,
  ratePerS: 10,
  maxInFlight: 50,
  pingEveryS: 15,
  askEveryS: 60,
  gracefulStopS: 30,
  login: 'per-vu',
  question: 'Which three cities?',
  followUp: 'And the week before?',
  connectTimeoutMs: 10_000,
  requestTimeoutMs: 15_000,
  agentTimeoutMs: 45_000,
  sla: Object.fromEntries(SLA_DEFAULTS.map((d) => [d.setting, d.target])),
};
const guards = {
  allowRemote: false,
  allowProduction: false,
  maxVus: 500,
  maxDurationS: 900,
  maxRatePerS: 500,
  maxInFlight: 500,
};

/** The plan as its scenario reads it back: its own SLA settings; what it does not read, from its load shape. */
const ownSla = (p: LoadPlan): LoadPlan => ({
  ...p,
  ratePerS: LOAD_SHAPES[p.scenario].ratePerS,
  maxInFlight: LOAD_SHAPES[p.scenario].maxInFlight,
  sla: Object.fromEntries(slaSettingsOf(p.scenario).map((d) => [d.setting, p.sla[d.setting] ?? d.target])),
});

test('a plan survives the -e encoding unchanged', () => {
  expect(planFromEnv(planToEnv(plan))).toEqual(ownSla(plan));
});

test('each scenario is sent and reads only its own variables; the rest have defaults', () => {
  const health: LoadPlan = { ...plan, scenario: 'health-latency' };
  const env = planToEnv(health);
  for (const [, v] of Object.entries(PLAN_VARS))
    if (v.scope === 'ws-concurrency') expect(env, v.key).not.toHaveProperty(v.key);
  expect(env).not.toHaveProperty('SLA_AUTH_LOGIN_P95_MS');
  expect(env).toHaveProperty('SLA_HEALTH_P95_MS');
  // A direct `k6 run` of health-latency needs the API URL only.
  expect(planFromEnv({ GP_SCENARIO: 'health-latency', GP_API_URL: 'http://127.0.0.1:1' })).toMatchObject({
    environment: 'unnamed',
    profile: 'default',
    durationS: 300,
    ratePerS: 10,
    maxInFlight: 50,
    gracefulStopS: 10,
    requestTimeoutMs: 15_000,
  });
  // ws-concurrency: the API and WebSocket URLs; the question comes from the profile.
  expect(
    planFromEnv(
      { GP_SCENARIO: 'ws-concurrency', GP_API_URL: 'http://127.0.0.1:1', GP_WS_URL: 'ws://127.0.0.1:1/ws' },
      { question: 'Q?', followUp: 'F?' },
    ),
  ).toMatchObject({
    vus: 50,
    rampUpS: 30,
    urls: { auth: 'http://127.0.0.1:1' },
    question: 'Q?',
    agentTimeoutMs: 45_000,
  });
});

test('SLA overrides travel as their own settings', () => {
  const env = planToEnv({ ...plan, sla: { ...plan.sla, SLA_AUTH_LOGIN_P95_MS: 800 } });
  expect(env.SLA_AUTH_LOGIN_P95_MS).toBe('800');
  expect(planFromEnv(env).sla.SLA_AUTH_LOGIN_P95_MS).toBe(800);
});

test('a missing or malformed value is named', () => {
  const { GP_WS_URL: _drop, ...env } = planToEnv(plan);
  expect(() => planFromEnv(env)).toThrow(/GP_WS_URL is not set/);
  expect(() => planFromEnv({ ...planToEnv(plan), GP_VUS: 'many' })).toThrow(/GP_VUS="many"/);
  expect(() => planFromEnv({ ...planToEnv(plan), GP_SCENARIO: 'soak' })).toThrow(/GP_SCENARIO="soak"/);
});

test('passwords and tokens never reach the -e values or the logged command', () => {
  const users = usersToEnv([
    { label: 'user1', email: 'a@example.com', password: 'pa55-word-1' },
    { label: 'user2', token: 'tok-abcdefghijk' },
  ]);
  expect(users.public).toEqual({ GP_USER1_EMAIL: 'a@example.com' });
  expect(Object.keys(users.secret).every((k) => SECRET_ENV.includes(k))).toBe(true);
  const command = describeCommand(
    'k6',
    k6RunArgs('dist/load/ws-concurrency.js', { ...planToEnv(plan), ...users.public }),
  );
  expect(command).not.toContain('pa55-word-1');
  expect(command).not.toContain('tok-abcdefghijk');
  expect(command).toContain("-e 'GP_QUESTION=Which three cities?'");
  expect(usersFromEnv({ ...users.public, ...users.secret })).toEqual([
    { label: 'user1', email: 'a@example.com', password: 'pa55-word-1' },
    { label: 'user2', token: 'tok-abcdefghijk' },
  ]);
});

test('loopback only, unless allowed', () => {
  expect(isLoopback('http://127.0.0.1:8787')).toBe(true);
  expect(isLoopback('ws://localhost/ws')).toBe(true);
  expect(isLoopback('http://[::1]:80')).toBe(true);
  expect(isLoopback('https://staging.example.com')).toBe(false);
  expect(isLoopback('http://127.0.0.1.example.com')).toBe(false);
  const remote = { ...plan, urls: { ...plan.urls, api: 'https://api.staging.example.com' } };
  expect(() => guardPlan(remote, guards)).toThrow(/not a loopback address.*--allow-remote/);
  expect(() => guardPlan(remote, { ...guards, allowRemote: true })).not.toThrow();
});

test('production, oversized and malformed runs are refused before any traffic', () => {
  expect(() => guardPlan({ ...plan, environment: 'production' }, guards)).toThrow(/--allow-production/);
  expect(() => guardPlan({ ...plan, vus: 501 }, guards)).toThrow(/LOAD_MAX_VUS=500/);
  expect(() => guardPlan({ ...plan, durationS: 895 }, guards)).toThrow(/LOAD_MAX_DURATION_S=900/);
  expect(() => guardPlan({ ...plan, scenario: 'health-latency', ratePerS: 0.5 }, guards)).toThrow(
    /whole number/,
  );
});

test('the graceful stop counts toward LOAD_MAX_DURATION_S; --vus 0, --rate and --max-in-flight are bounded', () => {
  // 10 s ramp-up + 860 s window + 30 s graceful stop = 900 s: the bound itself.
  expect(() => guardPlan({ ...plan, durationS: 860 }, guards)).not.toThrow();
  expect(() => guardPlan({ ...plan, durationS: 860, gracefulStopS: 31 }, guards)).toThrow(
    /a 901 s run \(ramp-up 10 \+ window 860 \+ graceful stop 31\) exceeds LOAD_MAX_DURATION_S=900/,
  );
  const refusal = (p: LoadPlan): LoadGuardError => {
    try {
      guardPlan(p, guards);
    } catch (error) {
      if (error instanceof LoadGuardError) return error;
    }
    throw new Error('not refused');
  };
  const noVus = refusal({ ...plan, vus: 0 });
  expect(noVus.exitCode).toBe(2);
  expect(noVus.line).toBe('golden-path load: LOAD_INVALID: --vus 0 must be at least 1');
  const health = { ...plan, scenario: 'health-latency' as const, ratePerS: 10, maxInFlight: 50 };
  expect(() => guardPlan(health, guards)).not.toThrow();
  expect(refusal({ ...health, ratePerS: 501 }).line).toMatch(
    /LOAD_TOO_LARGE: --rate 501 exceeds LOAD_MAX_RATE=500/,
  );
  expect(refusal({ ...health, maxInFlight: 501 }).line).toMatch(
    /LOAD_TOO_LARGE: --max-in-flight 501 exceeds LOAD_MAX_IN_FLIGHT=500/,
  );
  expect(refusal({ ...health, maxInFlight: 0 }).line).toMatch(/--max-in-flight 0 must be >= 1/);
});

test('a default ramp-up gives each VU at least 100 ms (up to 30 s), else a fifth of the window', () => {
  // The command: 50 VUs on a 10 s window start over 5 s, not 2 s (at most 10 logins a second).
  expect(defaultRampUp('ws-concurrency', 10, 50)).toEqual({
    rampUpS: 5,
    rule: 'at least 100 ms per VU, logins spread',
  });
  expect(defaultRampUp('ws-concurrency', 60, 50)).toEqual({ rampUpS: 12, rule: 'a fifth of the window' });
  expect(defaultRampUp('ws-concurrency', 300, 50).rampUpS).toBe(30);
  expect(defaultRampUp('ws-concurrency', 10, 1000).rampUpS).toBe(30);
  expect(defaultRampUp('health-latency', 10, 50).rampUpS).toBe(0);
});

test('a K6_BIN that is not an executable file is refused in one line, never a silent fall-back', () => {
  let error: unknown;
  try {
    findK6('/nonexistent/k6', '/usr/bin');
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(LoadGuardError);
  expect((error as LoadGuardError).line).toMatch(
    /^golden-path load: LOAD_INVALID: K6_BIN=\/nonexistent\/k6 is not an executable file; [^\n]+$/,
  );
  expect(findK6(undefined, '/nonexistent')).toBeUndefined();
});

test('k6 rebuilds the loaded profile from the name-override settings it receives, or the run is refused', async () => {
  const root = new URL('../..', import.meta.url).pathname;
  const settings = { ...LOCAL_DEFAULTS, WS_PATH: '/socket' };
  const config = await loadConfig({
    environment: 'local',
    cwd: root,
    env: settings,
    localBaseUrl: 'http://127.0.0.1',
  });
  expect(config.profile.ws.path).toBe('/socket');
  const ok = k6ProfileEnv(config, settings);
  expect(ok).toEqual({ env: { WS_PATH: '/socket' } });
  // Without the setting k6 would rebuild another profile: refused, never silently different.
  expect(k6ProfileEnv(config, LOCAL_DEFAULTS)).toEqual({
    problem: expect.stringMatching(/use --engine node/) as unknown,
  });
});

test("the web app's URL reaches k6 as -e GP_WEB_URL (for a token hook); a plan without one still reads", () => {
  const withWeb = { ...plan, webUrl: 'http://127.0.0.1:8787/app' };
  expect(planToEnv(withWeb).GP_WEB_URL).toBe('http://127.0.0.1:8787/app');
  expect(planFromEnv(planToEnv(withWeb))).toEqual(ownSla(withWeb));
  expect(planToEnv(plan)).not.toHaveProperty('GP_WEB_URL');
});

test("an http strategy's declared settings go to k6's environment only, under their own names", async () => {
  const profile = relayWithStrategies({ ...BYPASS, secretSettings: ['BYPASS_KEY', 'UNSET_KEY'] });
  const config = await configFor('http://127.0.0.1:8787', profile);
  const withKey = { ...config, secrets: { ...config.secrets, BYPASS_KEY: new Secret('bypass-key-value') } };
  expect(profileSecretEnv(withKey)).toEqual({ BYPASS_KEY: 'bypass-key-value' });
  expect(profileSecretEnv(config)).toEqual({});
});

test('load/README.md documents every -e variable a scenario reads, with its scope', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const rows = readme.split('\n').filter((l) => l.startsWith('| '));
  const rowOf = (name: string) => rows.find((r) => r.includes(`\`${name}\``));
  for (const v of Object.values(PLAN_VARS)) {
    const row = rowOf(v.key);
    expect(row, `${v.key} documented`).toBeDefined();
    expect(row, `${v.key} scope`).toContain(v.scope === 'both' ? '| both' : `| ${v.scope}`);
  }
  for (const scenario of ['ws-concurrency', 'health-latency'] as const)
    for (const d of slaSettingsOf(scenario))
      expect(rowOf(d.setting), `${d.setting} documented`).toBeDefined();
  for (const name of Object.keys(PROFILE_OVERRIDES)) expect(rowOf(name), `${name} documented`).toBeDefined();
});

test('extra login fields (TEST_USER_FIELD_<NAME>) reach the load client on both engines, documented', async () => {
  const config = await loadConfig({
    environment: 'local',
    cwd: new URL('../..', import.meta.url).pathname,
    env: { ...LOCAL_DEFAULTS, TEST_USER_FIELD_TENANT: 'acme', TEST_USER2_FIELD_TENANT_ID: 'north-2' },
    localBaseUrl: 'http://127.0.0.1',
  });
  // Node: the executor logs in with the config's users, fields and all.
  expect(config.users.map((u) => u.fields)).toEqual([{ tenant: 'acme' }, { tenant_id: 'north-2' }]);
  // k6: the users travel as -e values (fields are no secret) and come back whole.
  const env = usersToEnv(loadUsers(config));
  expect(env.public).toMatchObject({ GP_USER1_FIELD_TENANT: 'acme', GP_USER2_FIELD_TENANT_ID: 'north-2' });
  expect(Object.keys(env.secret).some((k) => k.includes('FIELD'))).toBe(false);
  const [alice, bob] = usersFromEnv({ ...env.public, ...env.secret });
  expect(alice?.fields).toEqual({ tenant: 'acme' });
  expect(bob?.fields).toEqual({ tenant_id: 'north-2' });
  // k6's login request is the adapter's, as on Node: the field lands in the body.
  const login = relayWithStrategies({
    kind: 'login',
    path: '/sign-in',
    body: { email: '{{email}}', password: '{{password}}', tenant: '{{tenant}}' },
    tokenPath: ['token'],
  });
  expect(adapterFor(login).loginRequest(alice ?? { label: 'none' })?.body).toMatchObject({ tenant: 'acme' });
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  expect(readme).toContain('| `GP_USER1_FIELD_<NAME>`, `GP_USER2_FIELD_<NAME>`');
});
