// The agent's event stream per question: the checker passes, timings recorded, follow-ups and a second connection.
import { expect, test } from '../../fixtures/index.ts';
import { expectThreadKept } from '../../fixtures/journey.ts';
import { requires } from '../../fixtures/not-applicable.ts';
import { assessRun } from '../../src/clients/run-assessment.ts';

test.describe('agent event stream', { tag: ['@websocket'] }, () => {
  test('one question: every critical event, in order, with its fields', async ({
    goldenPath,
    config,
    sla,
    sessions,
  }) => {
    const token = await sessions.token(config.users[0]);
    const session = await goldenPath.connect(token);
    const run = await session.ask(config.profile.probe.question);
    const assessment = assessRun(run, goldenPath.reader, { expectedUserId: session.userId });
    sla.record('agent.events.complete', assessment.sequence.ok ? 1 : 0, assessment.problems);
    expect(run, 'the run reached its terminal event').toComplete();
    expect(assessment).toHaveAgentEvents();
    sla.check(
      'agent.first_event.latency',
      assessment.timing.firstEventMs ?? { unmeasured: 'no agent event' },
    );
    sla.check('agent.stream.max_gap', assessment.timing.maxGapMs ?? { unmeasured: 'fewer than two frames' });
    sla.check(
      'agent.events.spread',
      assessment.timing.eventSpread ?? { unmeasured: 'fewer than two agent events' },
    );
    sla.record(
      'agent.stream.rate',
      assessment.timing.streamRatePerS ?? { unmeasured: 'fewer than two stream chunks' },
    );
    sla.record('agent.stream.gap', assessment.timing.gapsMs);
  });

  test('two questions in a row on one connection keep the thread and each completes', async ({
    goldenPath,
    config,
    sla,
    sessions,
  }) => {
    const token = await sessions.token(config.users[0]);
    const session = await goldenPath.connect(token);
    const first = await session.ask(config.profile.probe.question);
    const second = await session.ask(config.profile.probe.followUp);
    for (const run of [first, second]) {
      const assessment = assessRun(run, goldenPath.reader, { expectedUserId: session.userId });
      expect(run, `"${run.question}" reached its terminal event`).toComplete();
      expect(assessment).toHaveAgentEvents();
      sla.check(
        'agent.first_event.latency',
        assessment.timing.firstEventMs ?? { unmeasured: `no agent event for "${run.question}"` },
      );
    }
    expect(second.runId, 'each question is its own run').not.toBe(first.runId);
    expectThreadKept(first, second, config.profile);
  });

  test('a question with quotes, backslashes, newlines and emoji arrives intact', async ({
    goldenPath,
    config,
    sessions,
  }) => {
    requires(config.profile, 'quotesQuestion');
    // Each character class a template must escape where it lands: JSON string, JSON text inside a string, URL.
    const question = `${config.profile.probe.question} "quoted" \\back\\slash\nnew line 🚀 {{text}}`;
    const session = await goldenPath.connect(await sessions.token(config.users[0]));
    const run = await session.ask(question);
    expect(run, 'the question reached its terminal event').toComplete();
    expect(run.answer, 'the answer quotes the question exactly as asked').toContain(question);
  });

  test('a second connection of the same user gets its own stream', async ({
    goldenPath,
    config,
    sla,
    sessions,
  }) => {
    requires(config.profile, 'ownStreamPerSocket');
    const token = await sessions.token(config.users[0]);
    const [a, b] = await Promise.all([goldenPath.connect(token), goldenPath.connect(token)]);
    const [runA, runB] = await Promise.all([
      a.ask(config.profile.probe.question),
      b.ask(config.profile.probe.followUp),
    ]);
    for (const [run, session] of [
      [runA, a],
      [runB, b],
    ] as const) {
      const assessment = assessRun(run, goldenPath.reader, {
        expectedUserId: session.userId,
        foreignRunIds: [runA, runB].filter((r) => r !== run).flatMap((r) => (r.runId ? [r.runId] : [])),
      });
      expect(run, `"${run.question}" reached its terminal event`).toComplete();
      expect(assessment).toHaveAgentEvents();
      expect(
        run.foreign.map((f) => f.type),
        'no frame of the other connection’s run arrives here',
      ).toEqual([]);
      sla.check(
        'agent.first_event.latency',
        assessment.timing.firstEventMs ?? { unmeasured: `no agent event for "${run.question}"` },
      );
    }
  });
});
