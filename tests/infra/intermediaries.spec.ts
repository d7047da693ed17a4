// A real nginx between the harness and the reference target: set up right, the protocol journey is green through it;
// each misconfiguration turns it red, named by its failure class (read from the finding, never from the wording).
import { expect, test as base } from '../../fixtures/index.ts';
import { ClientError } from '../../src/clients/errors.ts';
import { GoldenPathClient } from '../../src/clients/golden-path-client.ts';
import { holdSilent } from '../../src/clients/idle-check.ts';
import { assessRun } from '../../src/clients/run-assessment.ts';
import type { Config } from '../../src/config/index.ts';
import type { ClassId } from '../../src/diagnosis/catalogue.ts';
import { causeLine, findingOfError } from '../../src/diagnosis/index.ts';
import { checkHeaderForwarding } from '../../src/health/forwarding-check.ts';
import { verdict } from '../../src/health/verdict.ts';
import { findNginx, startNginx, type ProxyRoutes, type ProxyVariant } from '../../src/local-target/nginx.ts';

const NGINX = findNginx();

interface ProxyFixtures {
  variant: ProxyVariant;
  /** A Golden Path client whose every URL goes through nginx set up as `variant`. */
  proxied: GoldenPathClient;
}

const test = base.extend<ProxyFixtures>({
  variant: ['correct', { option: true }],
  proxied: async ({ variant, config, localTarget }, use) => {
    if (!NGINX || !localTarget)
      throw new Error('HARNESS: nginx and the local reference target are both required');
    const nginx = await startNginx({
      binary: NGINX,
      upstream: localTarget.url,
      variant,
      routes: routesOf(config),
    });
    const client = new GoldenPathClient(through(config, nginx.url));
    try {
      await use(client);
    } finally {
      await client.closeAll();
      await nginx.stop();
    }
  },
});

/** Every URL of `config` with its origin replaced by the proxy's (paths kept). */
function through(config: Config, proxy: string): Config {
  const via = new URL(proxy);
  const swap = (url: string) => {
    const u = new URL(url);
    u.host = via.host;
    return u.toString().replace(/\/$/, '');
  };
  const { web, api, auth, ws } = config.urls;
  return { ...config, urls: { web: swap(web), api: swap(api), auth: swap(auth), ws: swap(ws) } };
}

function routesOf(config: Config): ProxyRoutes {
  const login = config.profile.auth.strategies.find((s) => s.kind === 'login');
  return { authPath: login?.kind === 'login' ? login.path : '/', wsPath: new URL(config.urls.ws).pathname };
}

/** The error the journey through this proxy failed with (none is a failure); its cause line is kept as an annotation. */
async function failureOf(journey: Promise<unknown>): Promise<unknown> {
  const error: unknown = await journey.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the journey through this proxy must fail').toBeDefined();
  const f = findingOfError(error);
  if (f) test.info().annotations.push({ type: 'cause', description: causeLine(f) });
  return error;
}

/** The finding's stable code (the class is asserted with toHaveFailureClass). */
const findingCode = (error: unknown) => findingOfError(error)?.code;

/** The idle time an idle drop measured (NaN for any other error). */
const idleMsOf = (error: unknown) =>
  error instanceof ClientError ? Number(error.evidence.idleMs) : Number.NaN;

// @selftest: it proves the harness names proxy misconfigurations it sets up itself, so the self-test's fault runs
// (which leave @selftest out) do not run it against a target that is already failing on purpose.
test.describe(
  'intermediaries: a real nginx in front of the target',
  { tag: ['@infra', '@websocket', '@selftest'] },
  () => {
    // Skipped inside beforeEach, not at the describe: a skip there never reaches the fixtures, so the run's own
    // record (runner integrity, F13) would count these tests as lost rather than skipped with their reason.
    test.beforeEach(({ config }) => {
      test.skip(!NGINX, 'nginx is not installed (Debian package nginx; .ci/run installs it)');
      test.skip(
        !config.local || config.profile.name !== 'default',
        'runs once, against the local reference target in the default dialect (project local)',
      );
    });

    test.describe('set up right', () => {
      test('the protocol journey goes green through the proxy', async ({ proxied, config }) => {
        const record = await test.step('log in, connect, ask and receive the answer through nginx', () =>
          proxied.journey(config.users[0]));

        await test.step('the answer streamed back complete', () => {
          expect(record.run).toComplete();
          expect(
            assessRun(record.run, proxied.reader, { expectedUserId: record.session.userId }),
          ).toHaveAgentEvents();
        });
      });
    });

    // Each misconfiguration, the journey through it, and the class and code it must be named by.
    const journeys: [ProxyVariant, string, ClassId, string][] = [
      ['no-upgrade', 'no Upgrade/Connection forwarding', 'F17', 'ws.upgrade.not-forwarded.404'],
      ['ws-app-shell', 'the WebSocket path served by the app shell', 'F17', 'ws.upgrade.not-forwarded.200'],
      [
        'subprotocol-cleared',
        'Sec-WebSocket-Protocol cleared: no subprotocol echoed',
        'F4',
        'ws.subprotocol.missing',
      ],
      ['upstream-down', 'upstream down: a 502 on login is upstream, not auth', 'F18', 'upstream.502'],
      ['auth-redirected', 'login redirected to a sign-on page', 'F20', 'http.redirect.302'],
      ['auth-app-shell', 'login served by the app shell: HTML where JSON was expected', 'F19', 'http.html'],
    ];
    for (const [variant, title, cls, code] of journeys) {
      test.describe(title, () => {
        test.use({ variant });

        test(`the journey is red and named ${cls}`, async ({ proxied, config }) => {
          const error = await failureOf(proxied.journey(config.users[0]));
          expect(error).toHaveFailureClass(cls);
          expect(findingCode(error)).toBe(code);
        });
      });
    }

    test.describe('an idle timeout (proxy_read_timeout 3s) shorter than the think time', () => {
      test.use({ variant: 'idle-timeout-3s' });

      test('a silent connection is dropped without a close frame, named F23 with the idle time', async ({
        proxied,
        config,
      }) => {
        const { token } = await proxied.auth.acquireToken(config.users[0]);
        const session = await proxied.connect(token);
        const error = await failureOf(holdSilent(session.connection, config.settings.IDLE_THINK_MS));
        expect(error).toHaveFailureClass('F23');
        expect(findingCode(error)).toBe('ws.idle.dropped');
        // The measured idle time is nginx's timeout (3 s), not the think time the client would have waited.
        const idleMs = idleMsOf(error);
        expect(idleMs, 'measured idle time before the drop').toBeGreaterThanOrEqual(2500);
        expect(idleMs, 'measured idle time before the drop').toBeLessThan(config.settings.IDLE_THINK_MS);
      });
    });

    test.describe('Authorization cleared', () => {
      test.use({ variant: 'authorization-cleared' });

      test('the forwarding probe names the Authorization header as stripped (F4)', async ({
        proxied,
        config,
      }) => {
        // Stripped is named from the probe: the token alone in the header refused, alone in the subprotocol accepted.
        const v = verdict(await checkHeaderForwarding(proxied.config, proxied.http, config.users[0]));
        expect(v.ok).toBe(false);
        expect(v.finding?.class).toBe('F4');
        test.info().annotations.push({ type: 'cause', description: causeLine(v.finding!) });
        expect(v.problems.join('\n')).toContain('the Authorization header did not reach the backend');
      });

      test('the token alone in the header, refused with nothing to compare: no accepted carrier (F32)', async ({
        proxied,
        config,
      }) => {
        const { token } = await proxied.auth.acquireToken(config.users[0]);
        const header = config.profile.ws.carriers.filter((c) => c.kind === 'header');
        const error = await failureOf(proxied.connect(token, { carriers: header }));
        expect(error).toHaveFailureClass('F32');
        expect(findingCode(error)).toBe('ws.upgrade.401');
      });
    });
  },
);
