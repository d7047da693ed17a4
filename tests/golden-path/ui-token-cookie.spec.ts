// The cookie carrier: a default web app started to keep its token in a cookie (a target of this file's own).
import { expect, test } from '../../fixtures/index.ts';
import {
  signInAndAsk,
  carrierNotApplicable,
  carrierReason,
  type CarrierCase,
} from '../../fixtures/token-carrier.ts';

const COOKIE: CarrierCase = {
  carrier: 'cookie',
  profile: 'default',
  login: { kind: 'inject-token', cookie: { name: 'gp_token' } },
};

test.use({ gpTargetEnv: { REF_UI_TOKEN_STORE: 'cookie' } });

test.describe('browser token carrier: cookie', { tag: ['@golden-path'] }, () => {
  // In a hook, not a describe-level modifier: a test skipped there leaves a record for the run's integrity check
  // (else a staging run would count one golden-path test fewer and go red as a shrunk suite).
  test.beforeEach(({ gpEnvironment, gpSettings }) => {
    test.skip(carrierNotApplicable(COOKIE, { gpEnvironment, gpSettings }), carrierReason(COOKIE));
  });

  test('the token in a cookie signs the user in and the chat answers', async ({
    chatPage,
    config,
    goldenPath,
  }) => {
    const { answers, expected } = await signInAndAsk(COOKIE, { chatPage, config, goldenPath });
    await expect(answers, 'an assistant answer appears').toHaveCount(expected, {
      timeout: config.timeouts.agentMs,
    });
  });
});
