// Hostile input: oversize, malformed, unknown, binary, another user's ids, awkward characters and a flood. Each gets a
// defined answer within its bound (what "defined" is comes from the profile), the service stays healthy, and no
// other user's data comes back. A crash (F24), a hang (F25) or foreign data (F26) is red and named.
import { expect, test } from '../../fixtures/index.ts';
import type { Config } from '../../src/config/index.ts';
import { newRequestMarker } from '../../src/clients/cross-user-frames.ts';
import type { GoldenPathClient } from '../../src/clients/golden-path-client.ts';
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
import { hostileRules, probeHostile, type HostileCase } from '../../src/clients/hostile-input.ts';
import type { RequestOwner } from '../../src/protocol/cross-user.ts';
import type { Frame, FrameReader } from '../../src/protocol/frames.ts';
import type { Sessions } from '../../fixtures/index.ts';
import { requires } from '../../fixtures/not-applicable.ts';

const REFUSALS: Record<string, string> = {
  'oversize-1mib': 'a 1 MiB frame is refused (or, under a larger stated limit, answered), never fatal',
  'oversize-limit-plus-1': "a frame one byte over the profile's stated limit is refused",
  'malformed-json': 'malformed JSON is answered with an error',
  'unknown-type': 'an unknown message type is answered with an error',
  'binary-frame': 'a binary frame is answered with an error',
};

interface Fixtures {
  goldenPath: GoldenPathClient;
  config: Config;
  sessions: Sessions;
}

test.describe('hostile input', { tag: ['@websocket'] }, () => {
  // The three that wait on agent runs first, the longest (100 runs) first: parallel workers start them at once and
  // the quick refusals fill in around them instead of trailing them.
  test('100 messages in one second are each answered, or refused by a documented close', async ({
    goldenPath,
    config,
    sessions,
  }) => {
    const c = floodCase(config.profile, config.profile.probe.question, config.timeouts.agentMs);
    const { problem } = await survive({ goldenPath, config, sessions }, c);
    expect(problem, problem).toBeUndefined();
  });

  test('control characters, bidi overrides and emoji in the question are answered or refused', async ({
    goldenPath,
    config,
    sessions,
  }) => {
    const message = questionMessage(config.profile, `${config.profile.probe.question} ${AWKWARD_TEXT}`);
    const c = questionCase('awkward-characters', message, config.timeouts.agentMs);
    const { problem } = await survive({ goldenPath, config, sessions }, c);
    expect(problem, problem).toBeUndefined();
  });

  test("a message naming another user's user id and thread id gets none of that user's data", async ({
    goldenPath,
    config,
    sessions,
  }) => {
    // One identity for all (authEnforced: false) has nothing to take; without threads there is no thread to name.
    requires(config.profile, 'authEnforced', 'threads');
    const victimMarker = newRequestMarker('victim');

    const other = await test.step('the other user asks, so there is a thread and data to take', async () => {
      const session = await goldenPath.connect(await sessions.token(config.users[1]));
      const run = await session.ask(`${config.profile.probe.question} (${victimMarker})`);
      expect(run, "the other user's question completes").toComplete();
      expect(run.threadId, "the other user's run reported a thread id").toBeDefined();
      expect(session.userId, "the other user's identity is known").toBeDefined();
      return { threadId: run.threadId!, userId: session.userId!, runId: run.runId };
    });

    const text = `${config.profile.probe.followUp} (${newRequestMarker('attacker')})`;
    const c = questionCase(
      'names-other-user',
      namingOtherUser(config.profile, text, other),
      config.timeouts.agentMs,
    );
    // The ids the message itself named may be echoed back (an error naming them leaks nothing); their data may not.
    const victim = {
      user: 'victim',
      socket: 'victim',
      marker: victimMarker,
      runIds: [other.runId].filter((id) => id !== undefined),
    };
    const { problem, frames, reader } = await survive({ goldenPath, config, sessions }, c, victim);
    expect(problem, problem).toBeUndefined();
    const intrusion = ranInThread(c.name, frames, reader, other.threadId);
    expect(intrusion, intrusion?.message).toBeUndefined();
  });

  for (const [name, title] of Object.entries(REFUSALS)) {
    test(title, async ({ goldenPath, config, sessions }) => {
      const c = refusalCases(config.profile, hostileRules(config.profile)).find((x) => x.name === name);
      expect(c, `hostile case ${name}`).toBeDefined();
      const { problem } = await survive({ goldenPath, config, sessions }, c!);
      expect(problem, problem).toBeUndefined();
    });
  }
});

/**
 * Sends the case on a new socket of the first test user, then returns the first problem with how it was survived:
 * an undefined answer (crash or hang), another user's data in what came back, or the service unhealthy after.
 */
async function survive(
  { goldenPath, config, sessions }: Fixtures,
  c: HostileCase,
  victim?: RequestOwner,
): Promise<{ problem: string | undefined; frames: Frame[]; reader: FrameReader }> {
  const token = await sessions.token(config.users[0]);
  const session = await goldenPath.connect(token);

  const outcome = await test.step(`send ${c.name} and wait ≤ ${c.boundMs} ms for a defined answer`, () =>
    probeHostile(session.connection, c, hostileRules(config.profile)));

  const { answer, frames } = outcome;
  test.info().annotations.push({
    type: 'hostile input',
    description: `${c.name}: ${answer.kind} — ${answer.how} (+${Math.round(answer.ms)} ms)`,
  });
  const leak = foreignData(c.name, frames, session.reader, { userId: session.userId, victim });

  const health = await test.step('the service is still healthy', () =>
    stillHealthy(c.name, goldenPath, config, token));

  const problem = outcome.failure?.message ?? leak?.message ?? health?.message;
  return { problem, frames, reader: session.reader };
}
