// Repeated handshakes, sequential and parallel: every one opens, authenticates and survives the settle window (F3).
import { expect, test } from '../../fixtures/index.ts';
import {
  openHandshake,
  settle,
  settleHandshake,
  summarizeHandshakes,
} from '../../src/clients/handshake-series.ts';

test.describe('repeated WebSocket handshakes', { tag: ['@websocket'] }, () => {
  test('N sequential handshakes all open, authenticate and stay open', async ({
    goldenPath,
    config,
    sla,
    sessions,
  }) => {
    const token = await sessions.token(config.users[0]);
    // Opened strictly one after another; each must then survive its settle window (held together to save time).
    const settling = [];
    for (let i = 0; i < config.settings.HANDSHAKE_COUNT; i++) {
      settling.push(settle(await openHandshake(goldenPath, token), config.timeouts.settleMs));
    }
    const results = await Promise.all(settling);
    const summary = summarizeHandshakes(results);
    sla.record('ws.handshake.success', summary.outcomes, summary.report);
    expect(summary.failures, summary.report).toEqual([]);
    sla.check('ws.handshake.latency', summary.latencies);
  });

  test('N parallel handshakes all open, authenticate and stay open', async ({
    goldenPath,
    config,
    sla,
    sessions,
  }) => {
    const token = await sessions.token(config.users[0]);
    const results = await Promise.all(
      Array.from({ length: config.settings.HANDSHAKE_COUNT }, () =>
        settleHandshake(goldenPath, token, config.timeouts.settleMs),
      ),
    );
    const summary = summarizeHandshakes(results);
    sla.record('ws.handshake.success', summary.outcomes, summary.report);
    expect(summary.failures, summary.report).toEqual([]);
    sla.check('ws.handshake.latency', summary.latencies);
  });
});
