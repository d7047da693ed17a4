// CORS: the browser journey calls the API and the auth service from WEB_URL's origin; preflights must allow it.
import { expect, test } from '../../fixtures/infra.ts';
import { originOf } from '../../src/health/cors.ts';
import { notApplicable, requires } from '../../fixtures/not-applicable.ts';

test.describe('CORS', { tag: ['@infra'] }, () => {
  test("preflights from the frontend's origin to the API and the auth service are allowed", async ({
    health,
    config,
  }) => {
    requires(config.profile, 'cors');
    const web = originOf(config.urls.web);
    // A browser never preflights a same-origin call: n/a, never a pass.
    notApplicable(
      [config.urls.api, config.urls.auth].every((u) => originOf(u) === web),
      config.profile,
      'cors',
      `the API and the auth service share the frontend's origin (${web}), so a browser sends no preflight`,
    );

    const cors = await test.step('send the preflights a browser would send', () => health.cors());

    await test.step('each is allowed for the origin, method and headers', () => expect(cors).toBeHealthy());
  });
});
