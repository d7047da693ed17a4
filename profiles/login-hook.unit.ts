// The self-test's hook profiles: on every dialect the token really comes from the hook, timed, so a slowed login
// there is the hook's (a JSON path, lumen's Set-Cookie session, netra's nested token).
import { expect, test } from '@playwright/test';
import { AuthClient } from '../src/clients/auth-client.ts';
import { startLocalRun } from '../src/local-target/local-run.ts';

const ROOT = new URL('..', import.meta.url).pathname;

for (const dialect of ['default', 'netra-apex', 'lumen']) {
  test(`profiles/${dialect}-token-hook.ts obtains its token by its hook, and the hook is timed`, async () => {
    const run = await startLocalRun({
      root: ROOT,
      overrides: { TARGET_PROFILE: `profiles/${dialect}-token-hook.ts` },
      targetEnv: { REF_DIALECT: dialect },
    });
    try {
      expect(run.config.profile.name).toBe(`${dialect}-token-hook`);
      const grant = await new AuthClient(run.config).acquireToken(run.config.users[0]);
      expect(grant.strategy).toBe('hook');
      expect(grant.ms, 'a login made by a hook is timed').toEqual(expect.any(Number));
      expect(grant.token.length).toBeGreaterThan(10);
    } finally {
      await run.target.stop();
    }
  });
}
