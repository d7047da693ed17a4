// Config validation: missing and malformed settings, file precedence, SLA overrides, local defaults, profiles.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Profile, TokenStrategy } from '../../profiles/define.ts';
import { BUILT_IN_PROFILES } from '../../profiles/index.ts';
import { rejection } from '../testing/rejection.ts';
import { ConfigError } from './errors.ts';
import { loadConfig } from './load-config.ts';
import { redact, Secret } from './secret.ts';

const STAGING = [
  'WEB_URL=https://web.example.test',
  'API_URL=https://api.example.test',
  'AUTH_URL=https://auth.example.test',
  'TEST_USER_EMAIL=one@example.test',
  'TEST_USER_PASSWORD=pw-one-secret',
  'TEST_USER2_EMAIL=two@example.test',
  'TEST_USER2_PASSWORD=pw-two-secret',
].join('\n');

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'gp-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

const configError = (promise: Promise<unknown>) => rejection(promise, ConfigError);

test('a missing setting names the variable, the environment and the file', async () => {
  const error = await configError(loadConfig({ environment: 'staging', cwd: dir({}), env: {} }));
  expect(error.code).toBe('CONFIG_MISSING');
  expect(error.line).toBe(
    'golden-path: CONFIG_MISSING: WEB_URL is not set for environment "staging"; set it in .env.staging (see .env.example)',
  );
  expect(error.exitCode).toBe(2);
});

test('a malformed setting names the variable, its value and the file it came from', async () => {
  const cwd = dir({ '.env.staging': STAGING.replace('https://api.example.test', 'not a url') });
  const error = await configError(loadConfig({ environment: 'staging', cwd, env: {} }));
  expect(error.code).toBe('CONFIG_INVALID');
  expect(error.message).toContain('API_URL="not a url" is invalid for environment "staging"');
  expect(error.message).toContain('fix it in .env.staging');
});

test('a malformed secret is named but its value is never printed', async () => {
  const cwd = dir({ '.env.staging': `${STAGING}\nTEST_TOKEN=short` });
  const error = await configError(loadConfig({ environment: 'staging', cwd, env: {} }));
  expect(error.message).toContain('TEST_TOKEN');
  expect(error.message).not.toContain('short');
});

test('missing credentials name the first missing user setting', async () => {
  const cwd = dir({ '.env.staging': STAGING.replace(/TEST_USER2_PASSWORD=.*/, '') });
  const error = await configError(loadConfig({ environment: 'staging', cwd, env: {} }));
  expect(error.message).toContain('TEST_USER2_PASSWORD is not set for environment "staging"');
});

test('.env.<environment> wins over .env, and the process environment wins over both', async () => {
  const cwd = dir({
    '.env': `${STAGING}\nHANDSHAKE_COUNT=7\nISOLATION_USERS=3`,
    '.env.staging': 'HANDSHAKE_COUNT=9\nHEALTH_SAMPLES=4',
  });
  const config = await loadConfig({ environment: 'staging', cwd, env: { HEALTH_SAMPLES: '11' } });
  expect(config.settings.HANDSHAKE_COUNT).toBe(9);
  expect(config.settings.ISOLATION_USERS).toBe(3);
  expect(config.settings.HEALTH_SAMPLES).toBe(11);
  expect(config.filesRead).toEqual(['.env', '.env.staging']);
});

test('SLA targets are overridden per environment by their setting', async () => {
  const cwd = dir({ '.env.staging': `${STAGING}\nSLA_AUTH_LOGIN_P95_MS=800` });
  const config = await loadConfig({ environment: 'staging', cwd, env: {} });
  expect(config.sla['auth.login.latency'].target).toBe(800);
  expect(config.sla['ws.handshake.latency'].target).toBe(1000);
});

test('a malformed SLA override is one clear error', async () => {
  const cwd = dir({ '.env.staging': `${STAGING}\nSLA_GOLDEN_PATH_E2E_MS=fast` });
  const error = await configError(loadConfig({ environment: 'staging', cwd, env: {} }));
  expect(error.message).toContain('SLA_GOLDEN_PATH_E2E_MS="fast" is invalid');
});

test('local needs no settings: the reference target URL and its seeded users', async () => {
  const config = await loadConfig({
    environment: 'local',
    cwd: dir({}),
    env: {},
    localBaseUrl: 'http://127.0.0.1:4321',
  });
  expect(config.urls).toEqual({
    web: 'http://127.0.0.1:4321',
    api: 'http://127.0.0.1:4321',
    auth: 'http://127.0.0.1:4321',
    ws: 'ws://127.0.0.1:4321/ws',
  });
  expect(config.users[0].email).toBe('alice@golden-path.test');
  expect(config.local).toBe(true);
});

test('the agent wait is longer than the e2e SLA and than the target’s own agent timeout', async () => {
  const cwd = dir({ '.env.staging': `${STAGING}\nTARGET_AGENT_TIMEOUT_MS=60000` });
  const config = await loadConfig({ environment: 'staging', cwd, env: {} });
  expect(config.timeouts.agentMs).toBe(65_000);
  const plain = await loadConfig({ environment: 'staging', cwd: dir({ '.env.staging': STAGING }), env: {} });
  expect(plain.timeouts.agentMs).toBe(45_000);
});

test('WS_URL defaults to the API URL with the wss scheme and the profile path', async () => {
  const config = await loadConfig({ environment: 'staging', cwd: dir({ '.env.staging': STAGING }), env: {} });
  expect(config.urls.ws).toBe('wss://api.example.test/ws');
});

test('an unknown profile name is one line naming TARGET_PROFILE and the file', async () => {
  const error = await configError(
    loadConfig({
      environment: 'staging',
      cwd: dir({ '.env.staging': `${STAGING}\nTARGET_PROFILE=nope` }),
      env: {},
    }),
  );
  expect(error.message).toContain('TARGET_PROFILE="nope" is neither a built-in profile');
  expect(error.message).toContain('.env.staging');
});

test('a profile file with a wrong field is one line naming the field and the file', async () => {
  const cwd = dir({ 'bad-profile.mjs': 'export default { name: "x" };\n' });
  const error = await configError(
    loadConfig({
      environment: 'staging',
      cwd,
      env: {
        ...(Object.fromEntries(STAGING.split('\n').map((l) => l.split('='))) as Record<string, string>),
        TARGET_PROFILE: 'bad-profile.mjs',
      },
    }),
  );
  expect(error.code).toBe('PROFILE_INVALID');
  expect(error.line).toMatch(
    /^golden-path: PROFILE_INVALID: description: expected a string, found nothing .*bad-profile\.mjs\)$/m,
  );
});

test('single-name overrides change the profile, not the code', async () => {
  const cwd = dir({ '.env.staging': `${STAGING}\nWS_PATH=/socket\nEVENT_COMPLETED=run_done` });
  const config = await loadConfig({ environment: 'staging', cwd, env: {} });
  expect(config.urls.ws).toBe('wss://api.example.test/socket');
  expect(config.profile.events.aliases.completed).toEqual(['run_done']);
});

test('secrets never print', async () => {
  const config = await loadConfig({ environment: 'staging', cwd: dir({ '.env.staging': STAGING }), env: {} });
  const printed = `${JSON.stringify(config)} ${String(config.users[0].password)}`;
  expect(printed).not.toContain('pw-one-secret');
  expect(redact('token=pw-two-secret')).toBe('token=[redacted]');
  expect(new Secret('abcdefgh').reveal()).toBe('abcdefgh');
});

test('a ws.path with a fixed query keeps the query (not percent-encoded into the path)', async () => {
  const path = `${BUILT_IN_PROFILES.default?.ws.path ?? ''}?v=2`;
  const config = await loadConfig({
    environment: 'staging',
    cwd: dir({ '.env.staging': `${STAGING}\nWS_PATH=${path}` }),
    env: {},
  });
  expect(config.urls.ws).toBe(`wss://api.example.test${path}`);
});

test('a setting the profile names for a token strategy is read as a secret, whatever its name', async () => {
  const base = BUILT_IN_PROFILES.default as Profile;
  const strategies: TokenStrategy[] = [
    {
      kind: 'mint',
      alg: 'HS256',
      secretSetting: 'ACME_SIGNING_KEY',
      claims: { sub: '{{email}}' },
      ttlSeconds: 60,
    },
    {
      kind: 'http',
      method: 'POST',
      path: '/bypass',
      headers: { 'X-Bypass': '{{acme_bypass}}' },
      tokenPath: ['jwt'],
      secretSettings: ['ACME_BYPASS'],
    },
  ];
  const profile = { ...base, name: 'acme', auth: { ...base.auth, strategies } };
  const cwd = dir({
    '.env.staging': `${STAGING}\nTARGET_PROFILE=acme.mjs\nACME_SIGNING_KEY=acme-signing-key-0123456789`,
    'acme.mjs': `export default ${JSON.stringify(profile)};\n`,
  });
  const config = await loadConfig({ environment: 'staging', cwd, env: { ACME_BYPASS: 'acme-bypass-value' } });
  expect(config.secrets.ACME_SIGNING_KEY?.reveal()).toBe('acme-signing-key-0123456789');
  expect(config.secrets.ACME_BYPASS?.reveal()).toBe('acme-bypass-value');
  expect(JSON.stringify(config)).not.toMatch(/acme-signing-key-0123456789|acme-bypass-value/);
  expect(redact('key acme-bypass-value')).toBe('key [redacted]');
  const unset = await loadConfig({ environment: 'staging', cwd, env: {} });
  expect(unset.secrets.ACME_SIGNING_KEY).toBeDefined();
  expect(unset.secrets.ACME_BYPASS, 'an unset setting stays unset (its strategy is skipped)').toBeUndefined();
});

// The K users of the isolation check: from a pattern (one password, or one per user) or a list of credentials.
async function usersOf(lines: string[]) {
  const cwd = dir({ '.env.staging': [STAGING, ...lines].join('\n') });
  const config = await loadConfig({ environment: 'staging', cwd, env: {} });
  return config.isolationUsers().map((u) => ({ email: u.email, password: u.password?.reveal() }));
}

test('a pattern with {i} in the password gives every user a password of its own', async () => {
  const users = await usersOf([
    'ISOLATION_USERS=3',
    'ISOLATION_USER_EMAIL_PATTERN=gp+{i}@example.test',
    'ISOLATION_USER_PASSWORD=pw-{i}-secret',
  ]);
  expect(users).toEqual([
    { email: 'gp+1@example.test', password: 'pw-1-secret' },
    { email: 'gp+2@example.test', password: 'pw-2-secret' },
    { email: 'gp+3@example.test', password: 'pw-3-secret' },
  ]);
});

test('a list of credentials wins over the pattern; its first ISOLATION_USERS are used', async () => {
  const users = await usersOf([
    'ISOLATION_USERS=2',
    'ISOLATION_USER_EMAIL_PATTERN=gp+{i}@example.test',
    'ISOLATION_USER_PASSWORD=shared-secret',
    'ISOLATION_USER_CREDENTIALS=a@example.test:pa:ss,b@example.test:pb,c@example.test:pc',
  ]);
  expect(users).toEqual([
    { email: 'a@example.test', password: 'pa:ss' },
    { email: 'b@example.test', password: 'pb' },
  ]);
});

test('a list shorter than ISOLATION_USERS is one line naming both settings, never a password', async () => {
  const error = await configError(
    usersOf(['ISOLATION_USERS=3', 'ISOLATION_USER_CREDENTIALS=a@example.test:pa-secret']),
  );
  expect(error.message).toContain('ISOLATION_USER_CREDENTIALS lists 1 user(s)');
  expect(error.message).toContain('ISOLATION_USERS asks for 3');
  expect(error.message).not.toContain('pa-secret');
});

test('a malformed list is named, its value never printed', async () => {
  const error = await configError(usersOf(['ISOLATION_USER_CREDENTIALS=a@example.test-no-password']));
  expect(error.message).toContain('ISOLATION_USER_CREDENTIALS is invalid');
  expect(error.message).not.toContain('no-password');
});
