// Liveness of the API and the auth service: healthy bodies (not only 200), health.latency p50/p95/p99, no 5xx.
import { expect, test } from '../../fixtures/infra.ts';

test.describe('health endpoints', { tag: ['@infra', '@smoke'] }, () => {
  test('the API and the auth service are live, fast, and answer no 5xx', async ({ health }) => {
    const live = await test.step('sample /health of the API and the auth service', () => health.liveness());

    await test.step('no answer was a 5xx', () => expect.soft(health.serverErrors()).toBeHealthy());

    await test.step('every answer is 2xx with a healthy status in its body, within health.latency', () =>
      expect(live).toBeHealthy());

    await test.step('the WebSocket service reports healthy', async () =>
      expect(await health.wsHealth()).toBeHealthy());

    await test.step("the profile's extra probes answer as expected", async () =>
      expect(await health.extraProbes()).toBeHealthy());
  });
});
