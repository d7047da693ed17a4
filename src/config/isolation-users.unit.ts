// The K users of the isolation check: from a pattern (one password, or one per user) or a list of credentials.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { rejection } from '../testing/rejection.ts';
import { ConfigError } from './errors.ts';
import { loadConfig } from './load-config.ts';

const STAGING = [
  'WEB_URL=https://web.example.test',
  'API_URL=https://api.example.test',
  'AUTH_URL=https://auth.example.test',
  'TEST_USER_EMAIL=one@example.test',
  'TEST_USER_PASSWORD=pw-one-secret',
  'TEST_USER2_EMAIL=two@example.test',
  'TEST_USER2_PASSWORD=pw-two-secret',
].join('\n');

async function usersOf(lines: string[]) {
  const cwd = mkdtempSync(join(tmpdir(), 'gp-iso-'));
  writeFileSync(join(cwd, '.env.staging'), [STAGING, ...lines].join('\n'));
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
  const error = await rejection(
    usersOf(['ISOLATION_USERS=3', 'ISOLATION_USER_CREDENTIALS=a@example.test:pa-secret']),
    ConfigError,
  );
  expect(error.message).toContain('ISOLATION_USER_CREDENTIALS lists 1 user(s)');
  expect(error.message).toContain('ISOLATION_USERS asks for 3');
  expect(error.message).not.toContain('pa-secret');
});

test('a malformed list is named, its value never printed', async () => {
  const error = await rejection(
    usersOf(['ISOLATION_USER_CREDENTIALS=a@example.test-no-password']),
    ConfigError,
  );
  expect(error.message).toContain('ISOLATION_USER_CREDENTIALS is invalid');
  expect(error.message).not.toContain('no-password');
});
