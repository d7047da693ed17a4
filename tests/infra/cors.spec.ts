// CORS: the browser journey calls the API and the auth service from WEB_URL's origin; preflights must allow it.
import { expect, test } from '../../fixtures/infra.ts';

test.describe('CORS', { tag: ['@infra'] }, () => {
  test("preflights from the frontend's origin to the API and the auth service are allowed", async ({
    health,
  }) => {
    const cors = await test.step('send the preflights a browser would send', () => health.cors());

    await test.step('each is allowed for the origin, method and headers', () => expect(cors).toBeHealthy());
  });
});
