// Browser token carriers of the profile language, each against a reference web app that reads its token there and
// nowhere else: sessionStorage (the default app) and the URL (netra-apex). localStorage is the netra-apex profile's
// own and the login form the default's (both in ui-journey.spec.ts); the cookie is in ui-token-cookie.spec.ts.
import { expect, test } from '../../fixtures/index.ts';
import {
  signInAndAsk,
  carrierNotApplicable,
  carrierReason,
  type CarrierCase,
} from '../../fixtures/token-carrier.ts';

const CASES: readonly CarrierCase[] = [
  {
    carrier: 'sessionStorage',
    profile: 'default',
    login: { kind: 'inject-token', sessionStorageKeys: ['gp_token'] },
  },
  {
    carrier: 'URL',
    profile: 'netra-apex',
    login: { kind: 'inject-token', urlTemplate: '/chat?token={{token}}' },
  },
];

test.describe('browser token carriers', { tag: ['@golden-path'] }, () => {
  for (const c of CASES) {
    test(`the token in ${c.carrier} signs the user in and the chat answers`, async ({
      chatPage,
      config,
      goldenPath,
      gpEnvironment,
      gpSettings,
    }) => {
      test.skip(carrierNotApplicable(c, { gpEnvironment, gpSettings }), carrierReason(c));
      const { answers, expected } = await signInAndAsk(c, { chatPage, config, goldenPath });
      await expect(answers, 'an assistant answer appears').toHaveCount(expected, {
        timeout: config.timeouts.agentMs,
      });
    });
  }
});
