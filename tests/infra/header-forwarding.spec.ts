// Header forwarding through the front door (F4): the token alone in each carrier must reach the backend.
import { expect, test } from '../../fixtures/infra.ts';
import { capabilitiesOf } from '../../src/config/capabilities.ts';
import { notApplicable } from '../../fixtures/not-applicable.ts';

test.describe('header forwarding', { tag: ['@infra', '@websocket'] }, () => {
  test('the Authorization header and the subprotocol each authenticate alone, over WebSocket and HTTP', async ({
    health,
    config,
  }) => {
    const caps = capabilitiesOf(config.profile);
    notApplicable(
      !caps.headerAuth && !caps.subprotocolAuth,
      config.profile,
      'headerAuth',
      'and no subprotocolAuth: no carrier header to forward',
    );

    const forwarding =
      await test.step('connect once per auth carrier, then call the authenticated endpoint', () =>
        health.headerForwarding(config.users[0]));

    await test.step('every carrier reached the backend', () => expect(forwarding).toBeHealthy());
  });
});
