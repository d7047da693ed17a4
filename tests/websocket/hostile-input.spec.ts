// Hostile input: oversize, malformed, unknown, binary, another user's ids, awkward characters and a flood. Each gets a
// defined answer within its bound (what "defined" is comes from the profile), the service stays healthy, and no
// other user's data comes back. A crash (F24), a hang (F25) or foreign data (F26) is red and named.
import { expect, test } from '../../fixtures/index.ts';
import {
  AWKWARD_TEXT,
  floodCase,
  foreignData,
  namingOtherUser,
  questionCase,
  questionMessage,
  ranInThread,
  refusalCases,
  stillHealthy,
} from '../../src/clients/hostile-cases.ts';
import { newRequestMarker } from '../../src/clients/cross-user-frames.ts';
import type { ChatSession } from '../../src/clients/golden-path-client.ts';
import { hostileRules, probeHostile, type HostileOutcome } from '../../src/clients/hostile-input.ts';

const REFUSALS: Record<string, string> = {
  'oversize-1mib': 'a 1 MiB frame is refused (or, under a larger stated limit, answered), never fatal',
  'oversize-limit-plus-1': "a frame one byte over the profile's stated limit is refused",
  'malformed-json': 'malformed JSON is answered with an error',
  'unknown-type': 'an unknown message type is answered with an error',
  'binary-frame': 'a binary frame is answered with an error',
};

test.describe('hostile input', { tag: ['@websocket'] }, () => {
  for (const [name, title] of Object.entries(REFUSALS)) {
    test(title, async ({ goldenPath, config, sessions }) => {
      const token = await sessions.token(config.users[0]);
      const rules = hostileRules(config.profile);
      const c = refusalCases(config.profile, rules).find((x) => x.name === name);
      expect(c, `hostile case ${name}`).toBeDefined();
      const session = await goldenPath.connect(token);

      const outcome = await test.step(`send ${name} and wait ≤ ${c!.boundMs} ms for the answer`, () =>
        probeHostile(session.connection, c!, rules));

      const problem = await survived(name, outcome, session, { goldenPath, config, token });
      expect(problem, problem).toBeUndefined();
    });
  }

  test('control characters, bidi overrides and emoji in the question are answered or refused', async ({
    goldenPath,
    config,
    sessions,
  }) => {
    const token = await sessions.token(config.users[0]);
    const session = await goldenPath.connect(token);
    const message = questionMessage(config.profile, `${config.profile.probe.question} ${AWKWARD_TEXT}`);
    const c = questionCase('awkward-characters', message, config.timeouts.agentMs);

    const outcome = await test.step('send the question and wait for its answer', () =>
      probeHostile(session.connection, c, hostileRules(config.profile)));

    const problem = await survived(c.name, outcome, session, { goldenPath, config, token });
    expect(problem, problem).toBeUndefined();
  });

  test('100 messages in one second are each answered, or refused by a documented close', async ({
    goldenPath,
    config,
    sessions,
  }) => {
    const token = await sessions.token(config.users[0]);
    const session = await goldenPath.connect(token);
    const c = floodCase(config.profile, config.profile.probe.question, config.timeouts.agentMs);

    const outcome = await test.step('send 100 questions in one second and count the answers', () =>
      probeHostile(session.connection, c, hostileRules(config.profile)));

    const problem = await survived(c.name, outcome, session, { goldenPath, config, token });
    expect(problem, problem).toBeUndefined();
  });

  test("a message naming another user's user id and thread id gets none of that user's data", async ({
    goldenPath,
    config,
    sessions,
  }) => {
    test.skip(
      !config.profile.authEnforced,
      `profile "${config.profile.name}" declares authEnforced: false — one identity for all, nothing to take`,
    );
    const [attacker, victim] = config.users;
    const victimMarker = newRequestMarker('victim');

    const other = await test.step('the other user asks, so there is a thread and data to take', async () => {
      const session = await goldenPath.connect(await sessions.token(victim));
      const run = await session.ask(`${config.profile.probe.question} (${victimMarker})`);
      expect(run, "the other user's question completes").toComplete();
      expect(run.threadId, "the other user's run reported a thread id").toBeDefined();
      expect(session.userId, "the other user's identity is known").toBeDefined();
      return { threadId: run.threadId!, userId: session.userId!, runId: run.runId };
    });

    const token = await sessions.token(attacker);
    const session = await goldenPath.connect(token);
    const text = `${config.profile.probe.followUp} (${newRequestMarker('attacker')})`;
    const c = questionCase(
      'names-other-user',
      namingOtherUser(config.profile, text, other),
      config.timeouts.agentMs,
    );

    const outcome = await test.step("send a question naming the other user's ids", () =>
      probeHostile(session.connection, c, hostileRules(config.profile)));

    // The ids the message itself named may be echoed back (an error naming them leaks nothing); their data may not.
    const victimOwner = {
      user: 'victim',
      socket: 'victim',
      marker: victimMarker,
      runIds: [other.runId].filter((id) => id !== undefined),
    };
    const problem = await survived(c.name, outcome, session, { goldenPath, config, token }, victimOwner);
    expect(problem, problem).toBeUndefined();
    const intrusion = ranInThread(c.name, outcome.frames, session.reader, other.threadId);
    expect(intrusion, intrusion?.message).toBeUndefined();
  });
});

/** The first problem with how the input was survived: an undefined answer, another user's data, health lost. */
async function survived(
  name: string,
  outcome: HostileOutcome,
  session: ChatSession,
  ctx: {
    goldenPath: Parameters<typeof stillHealthy>[1];
    config: Parameters<typeof stillHealthy>[2];
    token: string;
  },
  victim?: Parameters<typeof foreignData>[3]['victim'],
): Promise<string | undefined> {
  test.info().annotations.push({
    type: 'hostile input',
    description: `${name}: ${outcome.answer.kind} — ${outcome.answer.how} (+${Math.round(outcome.answer.ms)} ms)`,
  });
  if (outcome.failure) return outcome.failure.message;
  const leak = foreignData(name, outcome.frames, session.reader, { userId: session.userId, victim });
  if (leak) return leak.message;

  const health = await test.step('the service is still healthy', () =>
    stillHealthy(name, ctx.goldenPath, ctx.config, ctx.token));

  return health?.message;
}
