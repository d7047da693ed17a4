// The WebSocket handshake: each auth carrier alone, the subprotocol echo, refusals of bad credentials, the ready frame.
import { expect, test } from '../../fixtures/index.ts';
import { tamperSignature } from '../../src/clients/bad-tokens.ts';
import { expiredToken } from '../../src/clients/expired-token.ts';
import {
  carrierVariants,
  echoCarriesToken,
  judgeEcho,
  malformedSubprotocol,
  tokenEchoFinding,
} from '../../src/clients/carriers.ts';
import { withCause } from '../../src/diagnosis/render.ts';
import { judgeRefusal } from '../../src/clients/refusal.ts';
import { acceptanceAnnotations, acceptanceOf } from '../../src/config/accepted-findings.ts';
import { requires } from '../../fixtures/not-applicable.ts';

test.describe('WebSocket handshake', { tag: ['@websocket'] }, () => {
  test('Authorization header alone authenticates', async ({ goldenPath, config, sla, sessions }) => {
    requires(config.profile, 'headerAuth');
    const { header } = carrierVariants(config.profile);
    expect(header, `profile "${config.profile.name}" lists a header carrier`).toBeDefined();
    const token = await sessions.token(config.users[0]);
    const session = await goldenPath.connect(token, { carriers: [header!] });
    sla.check('ws.handshake.latency', session.connection.readyMs ?? Number.NaN);
    expect(session.connection.isOpen).toBe(true);
  });

  test('subprotocol alone authenticates and the server selects what the profile says', async ({
    goldenPath,
    config,
    sessions,
  }) => {
    requires(config.profile, 'subprotocolAuth');
    const { subprotocol } = carrierVariants(config.profile);
    expect(subprotocol, `profile "${config.profile.name}" lists a subprotocol carrier`).toBeDefined();
    const token = await sessions.token(config.users[0]);
    const session = await goldenPath.connect(token, { carriers: [subprotocol!] });
    const verdict = judgeEcho(
      config.profile.ws.echo,
      session.connection.selectedProtocol,
      session.connection.outcome,
      token,
    );
    expect(verdict.ok, verdict.message).toBe(true);
  });

  test('the echoed subprotocol never carries the token (security)', async ({
    goldenPath,
    config,
    sessions,
  }) => {
    requires(config.profile, 'subprotocolAuth');
    const acceptance = acceptanceOf(config.profile, 'token-echo');
    const { subprotocol } = carrierVariants(config.profile);
    expect(subprotocol, `profile "${config.profile.name}" lists a subprotocol carrier`).toBeDefined();
    const token = await sessions.token(config.users[0]);
    const session = await goldenPath.connect(token, { carriers: [subprotocol!] });
    const echoed = echoCarriesToken(session.connection.selectedProtocol, token);
    // Marked only now: an accepted finding excuses the echo, never a failure to connect before it; an expired
    // acceptance excuses nothing (and the gate names it).
    test.info().annotations.push(...acceptanceAnnotations(acceptance));
    test.fail(
      acceptance !== undefined && !acceptance.expired,
      `accepted finding of profile "${config.profile.name}": ${acceptance?.line ?? ''}`,
    );
    test.info().annotations.push({
      type: 'security finding',
      description: echoed
        ? `token echoed in Sec-WebSocket-Protocol (severity ${config.profile.ws.tokenEchoSeverity})`
        : 'none',
    });
    const severity = config.profile.ws.tokenEchoSeverity;
    expect(
      echoed,
      withCause(
        `SECURITY FINDING (${severity}): the token is echoed`,
        echoed ? tokenEchoFinding() : undefined,
      ),
    ).toBe(false);
  });

  test('a subprotocol entry with the raw (not base64url) token is accepted', async ({
    goldenPath,
    config,
    sessions,
  }) => {
    requires(config.profile, 'subprotocolAuth');
    const { subprotocolRaw } = carrierVariants(config.profile);
    expect(subprotocolRaw, 'the profile has a token-bearing subprotocol entry').toBeDefined();
    const token = await sessions.token(config.users[0]);
    const session = await goldenPath.connect(token, { carriers: [subprotocolRaw!] });
    expect(session.connection.readyFrame, 'ready frame with the raw-token entry').toBeDefined();
  });

  test('the ready frame is the first frame and arrives within the handshake SLA', async ({
    goldenPath,
    config,
    sla,
    sessions,
  }) => {
    const token = await sessions.token(config.users[0]);
    const session = await goldenPath.connect(token);
    const first = session.connection.frames.find((f) => f.kind !== 'keepalive');
    expect(first?.kind, 'the first frame is the ready frame').toBe('ready');
    sla.check('ws.handshake.latency', session.connection.readyMs ?? Number.NaN);
  });

  test.describe('bad credentials are refused — 401 at upgrade or a policy close, never 1011, never a hang', () => {
    // In a hook, not a describe-level modifier: a test skipped there leaves a record for the run's integrity check.
    test.beforeEach(({ config }) => requires(config.profile, 'authEnforced'));

    test('no token', async ({ goldenPath, config }) => {
      const connection = await goldenPath.attempt(undefined, [], { badToken: true });
      const verdict = await judgeRefusal(connection, config.timeouts.connectMs, 'no token');
      test.info().annotations.push({ type: 'refusal shape', description: verdict.shape });
      expect(verdict.refused, verdict.message).toBe(true);
    });

    test('bad signature', async ({ goldenPath, config, sessions }) => {
      requires(config.profile, 'jwt');
      const token = await sessions.token(config.users[0]);
      const connection = await goldenPath.attempt(tamperSignature(token), config.profile.ws.carriers, {
        badToken: true,
      });
      const verdict = await judgeRefusal(connection, config.timeouts.connectMs, 'bad signature');
      test.info().annotations.push({ type: 'refusal shape', description: verdict.shape });
      expect(verdict.refused, verdict.message).toBe(true);
    });

    test('expired token', async ({ goldenPath, config, sessions }) => {
      requires(config.profile, 'expiredTokenRefusal');
      const token = await sessions.token(config.users[0]);
      // On every environment: a pre-issued one, or re-signed (JWT_SECRET, the mint secret); else n/a, said so.
      const expired = await expiredToken(config, token);
      test.skip(expired.token === undefined, expired.note);
      test.info().annotations.push({ type: 'expired token', description: expired.note });
      const connection = await goldenPath.attempt(expired.token ?? '', config.profile.ws.carriers, {
        badToken: true,
      });
      const verdict = await judgeRefusal(connection, config.timeouts.connectMs, 'expired token');
      test.info().annotations.push({ type: 'refusal shape', description: verdict.shape });
      expect(verdict.refused, verdict.message).toBe(true);
    });

    test('malformed subprotocol entry', async ({ goldenPath, config }) => {
      requires(config.profile, 'subprotocolAuth');
      const { subprotocol } = carrierVariants(config.profile);
      expect(subprotocol, `profile "${config.profile.name}" lists a subprotocol carrier`).toBeDefined();
      const connection = await goldenPath.attempt('unused', [malformedSubprotocol(subprotocol as never)], {
        badToken: true,
      });
      const verdict = await judgeRefusal(
        connection,
        config.timeouts.connectMs,
        'malformed subprotocol entry',
      );
      test.info().annotations.push({ type: 'refusal shape', description: verdict.shape });
      expect(verdict.refused, verdict.message).toBe(true);
    });
  });
});
