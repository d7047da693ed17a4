// A wrong password is refused with the profile's status and error body, and no token comes back (F15: auth bypass).
import { randomUUID } from 'node:crypto';
import { expect, test } from '../../fixtures/index.ts';
import { judgeLoginRefusal } from '../../src/clients/login-refusal.ts';

test.describe('Golden Path refuses bad credentials', { tag: ['@golden-path'] }, () => {
  test('a wrong password is refused with the contract status and no token', async ({
    goldenPath,
    config,
  }) => {
    const { profile } = config;
    test.skip(
      !profile.authEnforced,
      `profile "${profile.name}" declares authEnforced: false — the bad-credential check is not applicable`,
    );
    test.skip(
      !profile.auth.strategies.some((s) => s.kind === 'login'),
      `profile "${profile.name}" has no login strategy — the bad-credential check is not applicable`,
    );
    const user = config.users[0];
    const who = user.email ?? user.username;
    test.skip(
      who === undefined,
      `${user.label} has no email or username (a pre-issued token) — the bad-credential check is not applicable`,
    );

    const attempt = await test.step('log in with a wrong password', () =>
      goldenPath.auth.login(goldenPath.auth.identity(user, `wrong-${randomUUID()}`)));

    await test.step('see the refusal', () => {
      const verdict = judgeLoginRefusal(attempt, profile, who!);
      expect(verdict.refused, verdict.message).toBe(true);
    });
  });
});
