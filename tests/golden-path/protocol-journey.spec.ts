// The Golden Path on the wire, no browser: log in, connect, ask, receive the streamed answer; SLAs recorded.
import { expect, test } from '../../fixtures/index.ts';
import { noteIdentityBinding, recordLogin } from '../../fixtures/journey.ts';
import { assessRun } from '../../src/clients/run-assessment.ts';

test.describe('Golden Path journey over the protocol', { tag: ['@golden-path', '@smoke'] }, () => {
  test('a user logs in, asks a question and gets the answer streamed back', async ({
    goldenPath,
    config,
    sla,
  }) => {
    const user = config.users[0];
    const question = config.settings.PROBE_QUESTION ?? config.profile.probe.question;
    const t0 = performance.now();

    const grant = await test.step('log in', async () => {
      const g = await goldenPath.auth.acquireToken(user);
      recordLogin(sla, g);
      return g;
    });

    const session = await test.step('open the WebSocket and wait for the ready frame', async () => {
      const s = await goldenPath.connect(grant.token);
      sla.check('ws.handshake.latency', s.connection.readyMs ?? Number.NaN);
      noteIdentityBinding(s);
      return s;
    });

    const run = await test.step('send the question', () => session.ask(question));

    await test.step('receive the answer', () => {
      const assessment = assessRun(run, goldenPath.reader, {
        expectedUserId: session.userId,
        relevancePattern: config.settings.RELEVANCE_PATTERN,
      });
      sla.record('agent.events.complete', assessment.sequence.ok ? 1 : 0, assessment.problems);
      expect(run, 'the run reached its terminal event').toComplete();
      expect(assessment).toHaveAgentEvents();
      sla.check(
        'agent.first_event.latency',
        assessment.timing.firstEventMs ?? { unmeasured: 'no agent event arrived' },
      );
      sla.check(
        'agent.stream.first_token',
        assessment.timing.firstTokenMs ?? { unmeasured: 'no frame carried answer text' },
      );
      sla.check(
        'agent.stream.max_gap',
        assessment.timing.maxGapMs ?? { unmeasured: 'fewer than two frames' },
      );
      sla.check(
        'golden_path.e2e',
        run.completedMs === undefined
          ? { unmeasured: 'no terminal event' }
          : run.sentAt + run.completedMs - t0,
      );
      expect(assessment.irrelevance, 'the answer is relevant to the question').toBeUndefined();
    });
  });
});
