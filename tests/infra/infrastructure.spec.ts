// Infrastructure health: database status and connection time, pool utilisation, cache and auth service (F8).
import { expect, test } from '../../fixtures/infra.ts';
import { requires } from '../../fixtures/not-applicable.ts';

test.describe('infrastructure', { tag: ['@infra'] }, () => {
  test('database, cache and auth service are healthy; connection time and pool within their SLAs', async ({
    health,
    config,
  }) => {
    requires(config.profile, 'infraStatus');

    const infra = await test.step('read /health/infrastructure', () => health.infrastructure());

    await test.step('every component ok, infra.db.connection_time and infra.db.pool_utilization met', () =>
      expect(infra).toBeHealthy());

    await test.step('no answer was a 5xx', () => expect(health.serverErrors()).toBeHealthy());
  });
});
