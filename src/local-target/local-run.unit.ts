// The local target's announced layout: where one port serves an auth service apart from the API, its health path
// (announced by the target) is the default; a profile's own path wins where there is none; a setting wins over both.
import { expect, test } from '@playwright/test';
import { BUILT_IN_PROFILES } from '../../profiles/index.ts';
import { startLocalRun } from './local-run.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

test.describe.configure({ mode: 'parallel' });

async function authHealthPath(dialect: string, settings: Record<string, string> = {}) {
  const run = await startLocalRun({
    root: ROOT,
    overrides: { TARGET_PROFILE: dialect, ...settings },
    targetEnv: { REF_DIALECT: dialect },
  });
  try {
    return { announced: run.target.authHealthPath, used: run.config.profile.health.auth.live.path };
  } finally {
    await run.target.stop();
  }
}

test('default: the auth service health the target announces (it shares the port with the API)', async () => {
  expect(await authHealthPath('default')).toEqual({ announced: '/auth/health', used: '/auth/health' });
});

test("lumen: no auth service apart, nothing announced, the profile's own path", async () => {
  const own = BUILT_IN_PROFILES.lumen?.health.auth.live.path;
  expect(await authHealthPath('lumen')).toEqual({ announced: undefined, used: own });
});

test('a setting wins over what the target announced', async () => {
  const got = await authHealthPath('netra-apex', { AUTH_HEALTH_PATH: '/auth/healthz' });
  expect(got).toEqual({ announced: '/auth/health', used: '/auth/healthz' });
});
