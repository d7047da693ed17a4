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
    const email = config.users[0].email;
    notApplicable(
      email === undefined,
      profile,
      'passwordLogin',
      `${config.users[0].label} has a pre-issued token, no email`,
    );

    const attempt = await test.step('log in with a wrong password', () =>
      goldenPath.auth.login(email!, `wrong-${randomUUID()}`));

    await test.step('see the refusal', () => {
      const verdict = judgeLoginRefusal(attempt, profile, email!);
      expect(verdict.refused, verdict.message).toBe(true);
    });
  });
});
