// Unit tests of the plan's -e encoding, the secrets split, the k6 command line and the refusals.
import { expect, test } from '@playwright/test';
import { loadConfig } from '../../src/config/index.ts';
import { LOCAL_DEFAULTS } from '../../src/config/settings.ts';
import { SLA_DEFAULTS } from '../../src/config/sla-table.ts';
import { planFromEnv, planToEnv, SECRET_ENV, usersFromEnv, usersToEnv, type LoadPlan } from '../lib/plan.ts';
import { guardPlan, isLoopback } from './guards.ts';
import { describeCommand, k6RunArgs } from './k6-runner.ts';
import { k6ProfileEnv } from './plan-from-config.ts';

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
const guards = { allowRemote: false, allowProduction: false, maxVus: 500, maxDurationS: 900 };

test('a plan survives the -e encoding unchanged', () => {
  expect(planFromEnv(planToEnv(plan))).toEqual(plan);
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
  expect(ok).toEqual({ env: { AUTH_HEALTH_PATH: LOCAL_DEFAULTS.AUTH_HEALTH_PATH, WS_PATH: '/socket' } });
  // Without the setting k6 would rebuild another profile: refused, never silently different.
  expect(k6ProfileEnv(config, LOCAL_DEFAULTS)).toEqual({
    problem: expect.stringMatching(/use --engine node/) as unknown,
  });
});
