// A wrong password is refused with the profile's status and error body, and no token comes back (F15: auth bypass).
import { randomUUID } from 'node:crypto';
import { expect, test } from '../../fixtures/index.ts';
import { judgeLoginRefusal } from '../../src/clients/login-refusal.ts';
import { notApplicable, requires } from '../../fixtures/not-applicable.ts';

test.describe('Golden Path refuses bad credentials', { tag: ['@golden-path'] }, () => {
  test('a wrong password is refused with the contract status and no token', async ({
    goldenPath,
    config,
  }) => {
    const { profile } = config;
    requires(profile, 'authEnforced', 'passwordLogin');
    const user = config.users[0];
    const who = user.email ?? user.username;
    notApplicable(
      who === undefined,
      profile,
      'passwordLogin',
      `${user.label} has a pre-issued token, no email or username`,
    );

    const attempt = await test.step('log in with a wrong password', () =>
      goldenPath.auth.login(goldenPath.auth.identity(user, `wrong-${randomUUID()}`)));

    await test.step('see the refusal', () => {
      const verdict = judgeLoginRefusal(attempt, profile, who!);
      expect(verdict.refused, verdict.message).toBe(true);
    });
  });
});
