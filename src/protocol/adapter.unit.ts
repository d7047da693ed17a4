// Unit tests of the dialect adapter: templates escaped for where they land, carriers, envelopes, flags, keepalive
// replies and answers from deltas — on every built-in profile where the operation applies.
import { expect, test } from '@playwright/test';
import { BUILT_IN_PROFILES } from '../../profiles/index.ts';
import lumen from '../../profiles/lumen.ts';
import type { Profile } from '../../profiles/define.ts';
import { adapterFor, cookieValue } from './adapter.ts';
import { readPath } from './json-path.ts';

const TRICKY = 'He said "hi" \\ then\nleft 🚀 {{text}} %2F & ?';

for (const [name, profile] of Object.entries(BUILT_IN_PROFILES)) {
  test(`${name}: a question with quotes, backslashes, newlines and emoji survives the wire encoding`, () => {
    const frame = adapterFor(profile).encodeQuestion(true, {
      text: TRICKY,
      nonce: 'n1',
      thread_id: undefined,
    });
    // What the socket carries, parsed back as the server would: the question is somewhere, intact.
    const wire: unknown = JSON.parse(JSON.stringify(frame));
    const strings: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'string') {
        strings.push(v);
        try {
          walk(JSON.parse(v));
        } catch {
          // not JSON text
        }
      } else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(wire);
    expect(strings).toContain(TRICKY);
  });
}

test('lumen: the question travels as JSON text inside a JSON string, with a fresh request id per turn', () => {
  const a = adapterFor(lumen);
  const frame = a.encodeQuestion(true, { text: TRICKY, nonce: 'r-1' }) as Record<string, unknown>;
  expect(frame.op).toBe('ask');
  expect(frame.rid).toBe('r-1');
  expect(typeof frame.body).toBe('string');
  expect(JSON.parse(frame.body as string)).toEqual({ prompt: TRICKY });
});

test('lumen: cookie carrier, the user id percent-encoded in the path, no subprotocol offered', () => {
  const up = adapterFor(lumen).upgrade('ws://127.0.0.1:9/live/%7B%7BuserId%7D%7D', 'abc123', {
    userId: 'usr/1?x',
  });
  expect(up.url).toBe('ws://127.0.0.1:9/live/usr%2F1%3Fx');
  expect(up.headers).toEqual({ Cookie: 'lumen_sid=abc123' });
  expect(up.protocols).toEqual([]);
  expect(adapterFor(lumen).authHeaders('abc123')).toEqual({ Cookie: 'lumen_sid=abc123' });
});

test('lumen: the token comes from Set-Cookie, the user id from the body', () => {
  const answer = {
    status: 200,
    json: { user: { id: 'usr_1', username: 'alice' } },
    headers: { 'set-cookie': ['other=1; Path=/', 'lumen_sid=0123abcd; HttpOnly; Path=/; SameSite=Lax'] },
  };
  const a = adapterFor(lumen);
  expect(a.tokenOf(answer)).toBe('0123abcd');
  expect(a.userIdOf(answer)).toBe('usr_1');
  expect(a.tokenOf({ ...answer, status: 401 })).toBeUndefined();
  expect(cookieValue({ 'set-cookie': 'a=1; Path=/, sid=z9; HttpOnly' }, 'sid')).toBe('z9');
  expect(a.loginRequest({ email: 'alice@golden-path.test', password: 'pw' })?.body).toEqual({
    username: 'alice',
    password: 'pw',
  });
});

test('lumen: JSON text inside `data` is decoded before the paths apply; flags end and fail a turn', () => {
  const a = adapterFor(lumen);
  const frame = (data: object, extra: object = {}) =>
    JSON.stringify({ op: 'frame', rid: 'r1', data: JSON.stringify(data), done: false, ...extra });
  const [status] = a.framesOf(frame({ kind: 'status', text: 'thinking' }), 1);
  expect(status?.kind).toBe('thinking');
  expect(a.reader.id(status?.data, 'runId')).toBe('r1');
  expect(a.framesOf(frame({ kind: 'tool', name: 'sql', phase: 'start' }), 2)[0]?.kind).toBe('toolExecuting');
  expect(a.framesOf(frame({ kind: 'tool', name: 'sql', phase: 'end' }), 3)[0]?.kind).toBe('toolCompleted');
  expect(a.framesOf(frame({ kind: 'delta', text: 'x' }), 4)[0]?.kind).toBe('stream');
  expect(a.framesOf(frame({ kind: 'end' }, { done: true }), 5)[0]?.kind).toBe('completed');
  const failed = frame({ kind: 'error', message: 'boom' }, { done: true, error: true });
  expect(a.framesOf(failed, 6)[0]?.kind).toBe('failure');
  expect(a.framesOf('{"op":"hello","session":{"user":"usr_1"}}', 7)[0]?.kind).toBe('ready');
  expect(a.framesOf('not json', 8)[0]?.data).toBeUndefined();
});

test('lumen: the server ping is answered with its own nonce; the answer is the deltas concatenated', () => {
  const a = adapterFor(lumen);
  expect(a.keepaliveReply({ op: 'ping', nonce: 'deadbeef' })).toEqual({ op: 'pong', nonce: 'deadbeef' });
  expect(a.keepaliveReply({ op: 'pong' })).toBeUndefined();
  const events = ['Par', 'is, ', '"Rome"'].map((text) => ({ rid: 'r', data: { kind: 'delta', text } }));
  expect(a.answer([...events, { rid: 'r', done: true, data: { kind: 'end' } }])).toBe('Paris, "Rome"');
});

test('one frame may carry several events (envelope.split); the frame keeps its other fields', () => {
  const profile: Profile = {
    ...lumen,
    events: { ...lumen.events, envelope: { split: 'events' }, typePath: ['events.kind'] },
  };
  const frames = adapterFor(profile).framesOf(
    JSON.stringify({ rid: 'r9', events: [{ kind: 'status' }, { kind: 'delta', text: 'a' }] }),
    1,
  );
  expect(frames.map((f) => f.kind)).toEqual(['thinking', 'stream']);
  expect(frames.map((f) => readPath(f.data, 'rid'))).toEqual(['r9', 'r9']);
});

test("a profile's adapter function overrides single operations and may call the fields' own", () => {
  const profile: Profile = {
    ...lumen,
    adapter: (base) => ({
      decode: (data) => base.decode(data).filter((e) => readPath(e, 'op') !== 'noise'),
    }),
  };
  const a = adapterFor(profile);
  expect(a.framesOf('{"op":"noise"}', 1)).toEqual([]);
  expect(a.framesOf('{"op":"hello","session":{"user":"u"}}', 1)[0]?.kind).toBe('ready');
  // Everything it does not replace is the fields' adapter.
  expect(a.keepaliveReply({ op: 'ping', nonce: '1' })).toEqual({ op: 'pong', nonce: '1' });
});

test('default: header and subprotocol carriers, raw and base64url token, query kept out of the URL shape', () => {
  const profile = BUILT_IN_PROFILES.default as Profile;
  const up = adapterFor(profile).upgrade('ws://h/ws', 'a.b.c', {}, [
    ...profile.ws.carriers,
    { kind: 'query', param: 't', value: '{{token}}' },
    { kind: 'first-message', frame: { type: 'auth', token: '{{token}}' } },
  ]);
  expect(up.url).toBe('ws://h/ws?t=a.b.c');
  expect(up.headers.Authorization).toBe('Bearer a.b.c');
  // The fixed entry as the profile names it, then the token entry base64url-encoded.
  expect(up.protocols).toHaveLength(2);
  expect(up.protocols[1]).toBe('jwt.YS5iLmM');
  expect(up.firstMessages).toEqual([{ type: 'auth', token: 'a.b.c' }]);
});
