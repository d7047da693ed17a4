// TLS of https targets: chain valid for the host, tls.cert.days_left. Plain http is "not applicable", never a pass.
import { expect, test } from '../../fixtures/infra.ts';
import { isTlsUrl } from '../../src/health/tls.ts';
import { targetOrigins } from '../../src/health/tls-check.ts';
import { notApplicable, requires } from '../../fixtures/not-applicable.ts';

test.describe('TLS', { tag: ['@infra'] }, () => {
  test('certificates are valid for their hosts and not about to expire (plain http: not applicable)', async ({
    health,
    config,
  }) => {
    requires(config.profile, 'tls');
    const origins = targetOrigins(config.urls);
    const secure = origins.filter(isTlsUrl);
    // n/a, never a TLS pass the run did not earn.
    notApplicable(
      secure.length === 0,
      config.profile,
      'tls',
      `every origin is plain http (${origins.join(', ')}), there is no certificate to judge`,
    );

    const tls = await test.step('inspect the certificate of every https origin', () => health.tls());

    await test.step('chain valid for the host and far from expiry', () => expect(tls).toBeHealthy());

    // A plain-http origin beside https ones is reported "not applicable" (an annotation); the https ones are judged.
    await test.step('every origin was either judged or reported not applicable', () => {
      expect(tls.sla, 'https origins whose certificate was judged').toHaveLength(secure.length);
      expect(tls.notApplicable, 'plain-http origins reported not applicable').toHaveLength(
        origins.length - secure.length,
      );
    });
  });
});
