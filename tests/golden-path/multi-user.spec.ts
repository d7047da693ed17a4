// Two users at the same time: each sees only its own events; a follow-up keeps its thread; A cannot read B's thread.
import { expect, test } from '../../fixtures/index.ts';
import { judgeIsolation } from '../../src/clients/isolation.ts';
import { assessRun, threadContinuity } from '../../src/clients/run-assessment.ts';

test.describe('Golden Path for two users at once', { tag: ['@golden-path'] }, () => {
  test('two users run journeys concurrently and each sees only its own events', async ({
    goldenPath,
    config,
  }) => {
    test.skip(
      !config.profile.authEnforced,
      `profile "${config.profile.name}" declares authEnforced: false — isolation is not applicable`,
    );
    const [a, b] = await Promise.all(config.users.map((u) => goldenPath.journey(u)));
    const report = judgeIsolation([
      { label: a!.user, session: a!.session, run: a!.run },
      { label: b!.user, session: b!.session, run: b!.run },
    ]);
    expect(
      report.sharedIdentity,
      'two test users must not share one identity (is auth enforced?)',
    ).toBeUndefined();
    expect(report.breaches, report.breaches.join('\n')).toEqual([]);
    expect(report.incomplete, report.incomplete.join('\n')).toEqual([]);
  });

  test('a second question in the same thread keeps the thread id', async ({ goldenPath, config }) => {
    const { profile } = config;
    test.skip(
      profile.events.fields.threadId.length === 0,
      `n/a: threads (profile ${profile.name}) — the profile names no thread id (events.fields.threadId is empty)`,
    );
    const journey = await goldenPath.journey(config.users[0]);
    expect(journey.run, 'the first question completes').toComplete();
    const followUp = await journey.session.ask(config.profile.probe.followUp);
    const assessment = assessRun(followUp, goldenPath.reader, { expectedUserId: journey.session.userId });
    expect(followUp, 'the follow-up completes').toComplete();
    expect(assessment).toHaveAgentEvents();
    const thread = threadContinuity(journey.run, followUp);
    test.info().annotations.push({
      type: 'thread continuity',
      description: thread.notObservable ?? "observed in the follow-up's events",
    });
    expect(thread.broken, thread.message).toBe(false);
  });

  test("a token of user A cannot read user B's thread", async ({ goldenPath, config }) => {
    test.skip(
      !config.profile.authEnforced,
      `profile "${config.profile.name}" declares authEnforced: false — isolation is not applicable`,
    );
    test.skip(
      config.profile.events.fields.threadId.length === 0,
      `n/a: threads (profile ${config.profile.name}) — the profile names no thread id (events.fields.threadId is empty)`,
    );
    const b = await goldenPath.journey(config.users[1]);
    const bThread = b.run.threadId;
    expect(bThread, "user B's run reported a thread id").toBeDefined();
    const a = await goldenPath.connect((await goldenPath.auth.acquireToken(config.users[0])).token);
    const intrusion = await a.ask(config.profile.probe.followUp, { threadId: bThread! });
    const leaked = [...intrusion.frames, ...intrusion.foreign].filter(
      (f) => f.data !== undefined && JSON.stringify(f.data).includes(b.run.question),
    );
    expect(
      leaked.map((f) => f.type),
      "no frame quotes user B's question to user A",
    ).toEqual([]);
    expect(
      { terminal: intrusion.terminal, thread: intrusion.threadId },
      "user A's question must not run inside user B's thread",
    ).not.toEqual({
      terminal: 'completed',
      thread: bThread,
    });
  });
});
