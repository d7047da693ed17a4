// Reconnecting: a dropped client (before or mid-answer) reconnects with the same token within the SLA
// (sla.md ws.reconnect.latency) and its next question gets a full, fresh answer; on `local` the target restarts
// mid-session and the harness reconnects to it. No reconnect by the deadline is F29.
import { performance } from 'node:perf_hooks';
import { expect, test } from '../../fixtures/index.ts';
import type { GoldenPathClient } from '../../src/clients/golden-path-client.ts';
import type { Config } from '../../src/config/index.ts';
import { leftoversOf, reconnect } from '../../src/clients/reconnect.ts';
import { assessRun } from '../../src/clients/run-assessment.ts';
import { capabilitiesOf } from '../../src/config/capabilities.ts';

/** Connected, asked, and the first agent event in: an answer is under way (`cut` settles once it ends). */
async function answerUnderWay(client: GoldenPathClient, config: Config, token: string) {
  const session = await client.connect(token);
  const cut = session.ask(config.profile.probe.question, { timeoutMs: config.timeouts.agentMs });

  await test.step('an answer is under way', async () => {
    const seen = await session.connection.until(config.timeouts.agentMs, () =>
      session.connection.frames.some((f) => client.reader.isAgentEvent(f.kind)),
    );
    expect(
      seen,
      `an agent event arrives within ${config.timeouts.agentMs} ms, so the drop falls mid-answer`,
    ).toBe(true);
  });

  return { session, cut };
}

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

  test('dropped mid-answer: reconnects within the SLA and the question again gets a full, fresh answer', async ({
    goldenPath,
    config,
    sla,
    sessions,
  }) => {
    const question = config.profile.probe.question;
    const token = await sessions.token(config.users[0]);
    const { session: first, cut } = await answerUnderWay(goldenPath, config, token);
    const droppedAt = performance.now();

    await test.step('the TCP connection drops (no close frame)', async () => {
      first.connection.socket.terminate();
      await cut;
    });

    const dropped = await cut;

    const again = await test.step('reconnect with the same token', () =>
      reconnect(() => goldenPath.connect(token), {
        since: droppedAt,
        deadlineMs: config.timeouts.connectMs,
        after: 'a drop mid-answer',
      }));

    // From the drop to a ready socket, retries included: what a user waits.
    sla.check('ws.reconnect.latency', again.ms);

    // The product resumes nothing (no resume in its contract): the question is asked again, in full.
    const run = await test.step('ask again', () => again.session.ask(question));

    expect(run, 'the question after the reconnect completes').toComplete();
    expect(assessRun(run, goldenPath.reader, { expectedUserId: again.session.userId })).toHaveAgentEvents();
    expect(leftoversOf(dropped, run, goldenPath.reader), 'nothing of the dropped run comes back').toEqual([]);
  });

  test('the target restarts mid-session: the harness reconnects and gets a full answer', async ({
    goldenPath,
    config,
    localTarget,
    sessions,
  }) => {
    test.skip(
      !localTarget,
      `n/a: target-restart (profile ${config.profile.name}): only the local reference target can be restarted by the harness`,
    );
    const target = localTarget!;
    const question = config.profile.probe.question;
    const token = await sessions.token(config.users[0]);
    const { cut } = await answerUnderWay(goldenPath, config, token);
    const since = performance.now();

    // Restarted before the reconnect starts: a 503 from a server shutting down is not what this test judges.
    await test.step('the target restarts', async () => {
      await Promise.all([target.restart(), cut]);
    });

    const again = await test.step('reconnect to the restarted target', () =>
      // An opaque session token lives in the server's memory and does not outlive a restart: the client then logs in
      // again, as a user would. A JWT must still be accepted by the restarted target.
      reconnect(
        async () =>
          goldenPath.connect(
            capabilitiesOf(config.profile).jwt
              ? token
              : (await goldenPath.auth.acquireToken(config.users[0])).token,
          ),
        { since, deadlineMs: config.timeouts.connectMs, after: 'a restart of the target' },
      ));

    test.info().annotations.push({
      type: 'recovery',
      description: `restart to a ready socket: ${Math.round(again.ms)} ms, ${again.attempts} attempt(s)`,
    });

    const run = await test.step('ask again', () => again.session.ask(question));

    expect(run, 'the question after the restart completes').toComplete();
    expect(assessRun(run, goldenPath.reader, { expectedUserId: again.session.userId })).toHaveAgentEvents();
  });
});
