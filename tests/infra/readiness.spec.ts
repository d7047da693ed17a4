// Readiness: every dependency ready within health.ready.latency; a hanging call is cut at that bound (F6).
import { expect, test } from '../../fixtures/infra.ts';

test.describe('readiness', { tag: ['@infra'] }, () => {
  test('the API is ready, every dependency ok, within health.ready.latency', async ({ health }) => {
    const ready = await test.step('ask /health/ready (cut at the SLA bound)', () => health.readiness());

    await test.step('ready, with each dependency ok', () => expect(ready).toBeHealthy());

    await test.step('no answer was a 5xx', () => expect(health.serverErrors()).toBeHealthy());
  });

  test('readiness is consistent: 5 calls in a row and 3 at once, none fails, the slowest near the mean', async ({
    health,
  }) => {
    const consistency = await test.step('ask /health/ready 5 times in a row, then 3 at once', () =>
      health.readinessConsistency());

    expect(consistency).toBeHealthy();
  });
});
