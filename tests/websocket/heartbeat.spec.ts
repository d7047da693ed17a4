// Keep-alive and lifetime: ping answered by pong, an idle authenticated connection stays open, a clean close is 1000.
import { expect, test } from '../../fixtures/index.ts';
import { keepAliveFor, pingPong } from '../../src/clients/keep-alive.ts';

test.describe('heartbeat and lifetime', { tag: ['@websocket'] }, () => {
  test('ping is answered by pong', async ({ goldenPath, config, sessions }) => {
    const token = await sessions.token(config.users[0]);
    const session = await goldenPath.connect(token);
    // Bounded: no pong within the connect timeout throws PONG_TIMEOUT, naming what it waited for.
    const rtt = await pingPong(session.connection, config.timeouts.connectMs);
    test.info().annotations.push({ type: 'pong round trip', description: `${rtt.toFixed(1)} ms` });
    expect(session.connection.closeInfo, 'the connection stays open after the ping').toBeUndefined();
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

  test('a clean client close ends with 1000', async ({ goldenPath, config, sessions }) => {
    const token = await sessions.token(config.users[0]);
    const session = await goldenPath.connect(token);
    const close = await session.connection.close(1000, config.timeouts.connectMs);
    expect(close?.code, 'close code').toBe(1000);
  });
});
