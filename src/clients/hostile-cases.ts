// The hostile inputs, built from the profile's own message templates (no dialect facts here), and the checks
// around them: no other user's data in what came back (F26), and the service still healthy afterwards (F24).
import type { Profile } from '../../profiles/define.ts';
import type { Config } from '../config/index.ts';
import { crossHits, frameContent, type RequestOwner } from '../protocol/cross-user.ts';
import type { Frame, FrameReader } from '../protocol/frames.ts';
import { setTimeout as pause } from 'node:timers/promises';
import { freshNonce } from '../protocol/adapter.ts';
import { render } from '../protocol/template.ts';
import { redactedFrame } from './cross-user-frames.ts';
import type { GoldenPathClient } from './golden-path-client.ts';
import { failure, type HostileCase, type HostileRules } from './hostile-input.ts';

const MIB = 1024 * 1024;
/** The flood: this many questions, spread evenly over one second. */
export const FLOOD = { messages: 100, overMs: 1000 } as const;
/** Control characters, bidi overrides, a zero-width joiner sequence and emoji: all must be survived. */
export const AWKWARD_TEXT =
  'nul\u0000 bell\u0007 esc\u001b[31m rtl\u202Egnp.exe\u202C \u{1F469}\u200D\u{1F4BB} \u{1F600}';

/** The profile's first-question message with `text`, as the socket would carry it. */
export function questionMessage(profile: Profile, text: string, threadId?: string): string {
  // A fresh request id per message, as the product's own client sends (`{{nonce}}`).
  return JSON.stringify(render(profile.send.first, { text, thread_id: threadId, nonce: freshNonce() }));
}

/** A question message of exactly `bytes` bytes (ASCII padding), or undefined when the template alone is larger. */
export function questionOfSize(profile: Profile, bytes: number): string | undefined {
  const empty = Buffer.byteLength(questionMessage(profile, ''));
  return bytes < empty ? undefined : questionMessage(profile, 'a'.repeat(bytes - empty));
}

/** The standard cases: oversize (1 MiB and the stated limit + 1), malformed JSON, unknown type, binary. */
export function refusalCases(profile: Profile, rules: HostileRules): HostileCase[] {
  const text = (name: string, payload: string | Buffer, accepts: HostileCase['accepts'] = 'refusal') => ({
    name,
    accepts,
    answers: 1,
    boundMs: rules.answerWithinMs,
    send: (c: { socket: { send(data: string | Buffer): void } }) => c.socket.send(payload),
  });
  const overLimit = questionOfSize(profile, rules.maxFrameBytes + 1) ?? '';
  const oneMib = questionOfSize(profile, MIB) ?? '';
  // A product whose stated limit is 1 MiB or more may answer a 1 MiB question: that is defined too.
  const mibAccepts = MIB > rules.maxFrameBytes ? 'refusal' : 'refusal-or-answer';
  const typeField = profile.events.typePath[0] ?? 'type';
  return [
    text('oversize-1mib', oneMib, mibAccepts),
    text('oversize-limit-plus-1', overLimit),
    text('malformed-json', '{"unterminated": [1, 2'),
    text('unknown-type', JSON.stringify({ [typeField]: 'gp_no_such_message_type', payload: {} })),
    text('binary-frame', Buffer.from([0xff, 0xfe, 0x00, 0x81, 0xc3, 0x28])),
  ];
}

/** The flood: FLOOD.messages questions paced evenly over FLOOD.overMs; each needs an answer or a refusal. */
export function floodCase(profile: Profile, question: string, agentMs: number): HostileCase {
  return {
    name: 'flood-100-in-1s',
    accepts: 'refusal-or-answer',
    answers: FLOOD.messages,
    boundMs: FLOOD.overMs + agentMs,
    async send(connection) {
      const spacing = FLOOD.overMs / FLOOD.messages;
      const start = performance.now();
      for (let i = 0; i < FLOOD.messages && connection.closeInfo === undefined; i++) {
        connection.socket.send(questionMessage(profile, `${question} #${i + 1}`));
        // The pacing is the input itself (100 messages in one second), not a wait for something to settle. Paced
        // against the start, not message to message: timers run late on a busy machine, and 100 late waits of 10 ms
        // made the "one second" 1.35 s.
        await pause(Math.max(0, start + (i + 1) * spacing - performance.now()));
      }
    },
  };
}

/** One question with `text`, answered or refused within the agent's bound. */
export function questionCase(name: string, message: string, agentMs: number): HostileCase {
  return {
    name,
    accepts: 'refusal-or-answer',
    answers: 1,
    boundMs: agentMs,
    send: (connection) => connection.socket.send(message),
  };
}

/** A follow-up naming another user: their thread id as the thread, their user id in the profile's user id field. */
export function namingOtherUser(
  profile: Profile,
  text: string,
  other: { threadId: string; userId: string },
): string {
  const message = render(profile.send.followUp, { text, thread_id: other.threadId });
  const path = profile.events.fields.userId[0];
  if (path !== undefined && message !== null && typeof message === 'object') {
    let node = message as Record<string, unknown>;
    const parts = path.split('.');
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      node = (next !== null && typeof next === 'object' ? next : (node[part] = {})) as Record<
        string,
        unknown
      >;
    }
    node[parts.at(-1) ?? path] = other.userId;
  }
  return JSON.stringify(message);
}

/** Frames that carry another user's data: a victim's marker or run ids (exact), or a user id not the receiver's. */
export function foreignData(
  caseName: string,
  frames: readonly Frame[],
  reader: FrameReader,
  receiver: { userId: string | undefined; victim?: RequestOwner | undefined },
): { message: string } | undefined {
  for (const frame of frames) {
    const user = frame.data === undefined ? undefined : reader.id(frame.data, 'userId');
    if (receiver.userId !== undefined && user !== undefined && user !== receiver.userId) {
      const summary = `hostile input "${caseName}": a ${frame.type ?? 'frame'} for user ${user} came back to user ${receiver.userId}`;
      return failure('F26', `hostile.${caseName}.foreign-user`, summary, [
        `frame (redacted): ${redactedFrame(frame, [{ value: user }])}`,
      ]);
    }
    const hits = receiver.victim
      ? crossHits(frameContent(frame.data, frame.text), { user: 'attacker', socket: 'attacker' }, [
          receiver.victim,
        ])
      : [];
    if (hits.length > 0) {
      const what = hits.map((h) => `${h.what} ${h.value}`).join(', ');
      const summary = `hostile input "${caseName}": the other user's data came back (${what}) in a ${frame.type ?? 'frame'}`;
      return failure('F26', `hostile.${caseName}.foreign-data`, summary, [
        `frame (redacted): ${redactedFrame(frame, hits)}`,
      ]);
    }
  }
  return undefined;
}

/** A completed answer in the thread of another user, whose id the message named: the question ran in it. */
export function ranInThread(
  caseName: string,
  frames: readonly Frame[],
  reader: FrameReader,
  threadId: string,
): { message: string } | undefined {
  const ran = frames.find((f) => f.kind === 'completed' && reader.id(f.data, 'threadId') === threadId);
  if (!ran) return undefined;
  return failure(
    'F26',
    `hostile.${caseName}.ran-in-thread`,
    `hostile input "${caseName}": the question ran in the other user's thread ${threadId} (${ran.type ?? 'completed'})`,
  );
}

/** After hostile input: the API still answers its liveness path, and a new socket still reaches the ready frame. */
export async function stillHealthy(
  caseName: string,
  client: GoldenPathClient,
  config: Config,
  token: string,
): Promise<{ message: string } | undefined> {
  const live = config.urls.api + config.profile.health.api.live.path;
  const problems: string[] = [];
  try {
    const res = await client.http.call(live, {
      timeoutMs: config.timeouts.requestMs,
      what: 'liveness after hostile input',
    });
    if (res.status < 200 || res.status >= 300) problems.push(`${live} answered ${res.status}`);
  } catch (error) {
    problems.push(
      `${live} did not answer: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
  }
  try {
    const session = await client.connect(token);
    await session.close();
  } catch (error) {
    problems.push(
      `a new socket failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
  }
  if (problems.length === 0) return undefined;
  return failure(
    'F24',
    `hostile.${caseName}.health`,
    `after hostile input "${caseName}": ${problems.join('; ')}`,
  );
}
