// Keep-alive and lifetime: pings answered by pongs, a connection kept alive or left truly idle stays usable, a clean
// close is 1000.
import { expect, test } from '../../fixtures/index.ts';
import { requires } from '../../fixtures/not-applicable.ts';
import { controlPing, holdSilent } from '../../src/clients/idle-check.ts';
import { answerServerPings, keepAliveFor, pingPong } from '../../src/clients/keep-alive.ts';
import { assessRun } from '../../src/clients/run-assessment.ts';
import { formatSeconds } from '../../src/format/duration.ts';

test.describe('heartbeat and lifetime', { tag: ['@websocket'] }, () => {
  test('ping is answered by pong', async ({ goldenPath, config, sessions }) => {
    const token = await sessions.token(config.users[0]);
    const session = await goldenPath.connect(token);
    // Bounded: no pong within the connect timeout throws PONG_TIMEOUT, naming what it waited for.
    const rtt = await pingPong(session.connection, config.timeouts.connectMs);
    test.info().annotations.push({ type: 'pong round trip', description: `${rtt.toFixed(1)} ms` });
    expect(session.connection.closeInfo, 'the connection stays open after the ping').toBeUndefined();
  });

  test('a control-frame ping (RFC 6455) is answered by a pong', async ({ goldenPath, config, sessions }) => {
    const token = await sessions.token(config.users[0]);
    const session = await goldenPath.connect(token);
    // Bounded: no pong within the connect timeout throws PONG_TIMEOUT, naming what it waited for.
    const rtt = await controlPing(session.connection, config.timeouts.connectMs);
    test.info().annotations.push({ type: 'control pong round trip', description: `${rtt.toFixed(1)} ms` });
    expect(session.connection.closeInfo, 'the connection stays open after the ping').toBeUndefined();
  });

  test('a truly idle connection survives the think time, then answers in full', async ({
    goldenPath,
    config,
    sessions,
  }) => {
    const thinkMs = config.settings.IDLE_THINK_MS;
    test.setTimeout(test.info().timeout + thinkMs);

    const token = await test.step('log in', () => sessions.token(config.users[0]));

    const session = await test.step('connect', () => goldenPath.connect(token));

    // Nothing at all is sent: no application pings, no automatic replies; `ws` never pings on its own.
    // A drop is thrown with its F23 finding: no close frame (an intermediary) vs the server's close frame.
    const hold = await test.step(`send nothing for ${formatSeconds(thinkMs)}`, () =>
      holdSilent(session.connection, thinkMs));

    test.info().annotations.push({
      type: 'idle',
      description: `silent ${formatSeconds(thinkMs)}; server sent ${hold.serverFrames} frame(s), ${hold.serverPings} control ping(s)`,
    });

    const run = await test.step('ask the question', () => session.ask(config.profile.probe.question));

    await test.step('receive the full answer', () => {
      expect(run).toComplete();
      expect(assessRun(run, session.reader)).toHaveAgentEvents();
    });
  });

  test('an idle authenticated connection stays open for the idle window', async ({
    goldenPath,
    config,
    sessions,
  }) => {
    const token = await sessions.token(config.users[0]);
    const session = await goldenPath.connect(token);
    const idle = await keepAliveFor(
      session.connection,
      config.settings.IDLE_WINDOW_MS,
      config.timeouts.connectMs,
    );
    expect(idle.closed, idle.message).toBeUndefined();
    expect(idle.pongs, 'keep-alive pings were answered').toBeGreaterThan(0);
  });

  test("the server's keepalive pings are answered and the connection outlives them", async ({
    goldenPath,
    config,
    sessions,
  }) => {
    requires(config.profile, 'serverKeepalive');
    const token = await sessions.token(config.users[0]);
    const session = await goldenPath.connect(token);
    const held = await answerServerPings(session.connection, config.settings.IDLE_WINDOW_MS);
    // A close after answers were sent is the server refusing them (F23 by the profile's close map), never a pass.
    expect(held.closed, held.message).toBeUndefined();
    expect(held.answered, `the server pinged within the window: ${held.message}`).toBeGreaterThan(0);
  });

  test('a clean client close ends with 1000', async ({ goldenPath, config, sessions }) => {
    const token = await sessions.token(config.users[0]);
    const session = await goldenPath.connect(token);
    const close = await session.connection.close(1000, config.timeouts.connectMs);
    expect(close?.code, 'close code').toBe(1000);
  });
});
