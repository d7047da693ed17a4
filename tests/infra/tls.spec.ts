// TLS of https targets: chain valid for the host, tls.cert.days_left. Plain http is "not applicable", never a pass.
import { expect, test } from '../../fixtures/infra.ts';
import { isTlsUrl } from '../../src/health/tls.ts';
import { targetOrigins } from '../../src/health/tls-check.ts';

test.describe('TLS', { tag: ['@infra'] }, () => {
  test('certificates are valid for their hosts and not about to expire (plain http: not applicable)', async ({
    health,
    config,
  }) => {
    const origins = targetOrigins(config.urls);
    const secure = origins.filter(isTlsUrl);

    const tls = await test.step('inspect the certificate of every https origin', () => health.tls());

    await test.step('chain valid for the host and far from expiry', () => expect(tls).toBeHealthy());

    // For a plain-http origin this is all the test asserts: that it was reported "not applicable" (an annotation),
    // so the run shows no TLS pass it did not earn.
    await test.step('every origin was either judged or reported not applicable', () => {
      expect(tls.sla, 'https origins whose certificate was judged').toHaveLength(secure.length);
      expect(tls.notApplicable, 'plain-http origins reported not applicable').toHaveLength(
        origins.length - secure.length,
      );
    });
  });
});
