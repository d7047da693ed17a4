// A dropped client reconnects with the same token and its next question is answered (sla.md ws.reconnect.latency).
import { expect, test } from '../../fixtures/index.ts';
import { assessRun } from '../../src/clients/run-assessment.ts';

test.describe('reconnect after a dropped connection', { tag: ['@websocket'] }, () => {
  test('the same token reconnects within the SLA and the next question reaches the agent', async ({
    goldenPath,
    config,
    sla,
    sessions,
  }) => {
    const token = await sessions.token(config.users[0]);
    const first = await goldenPath.connect(token);
    // The network drops: no close frame, the server learns of it later (or never).
    first.connection.socket.terminate();
    const again = await goldenPath.connect(token);
    sla.check('ws.reconnect.latency', again.connection.readyMs ?? Number.NaN);
    const run = await again.ask(config.profile.probe.question);
    const assessment = assessRun(run, goldenPath.reader, { expectedUserId: again.userId });
    expect(run, 'the question after the reconnect completes').toComplete();
    expect(assessment).toHaveAgentEvents();
    sla.check(
      'agent.first_event.latency',
      assessment.timing.firstEventMs ?? { unmeasured: 'no agent event after the reconnect' },
    );
  });
});
