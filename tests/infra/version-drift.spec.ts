// Deployment drift (F12): the API, the auth service and the frontend report one version (or EXPECTED_VERSION).
import { expect, test } from '../../fixtures/infra.ts';
import { requires } from '../../fixtures/not-applicable.ts';

test.describe('version drift', { tag: ['@infra'] }, () => {
  test('API, auth service and frontend report the same version and commit', async ({ health, config }) => {
    requires(config.profile, 'versionEndpoint');

    const versions = await test.step('read each service version source of the profile', () =>
      health.versions());

    await test.step('they agree (or equal EXPECTED_VERSION when set)', () => expect(versions).toBeHealthy());
  });
});
