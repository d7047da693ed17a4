// The fitting profile change read from a target's answer: evident ones named, none guessed.
import { expect, test } from '@playwright/test';
import { answerFix, cookieNames, keepAliveFix, loginFix, meFix, readyFix, upgradeFix } from './suggest.ts';

test('a login answer: a missing path, the token elsewhere in the body, or in a cookie', () => {
  expect(loginFix(404, undefined, undefined, '/auth/login')).toContain('no POST /auth/login');
  expect(loginFix(200, { data: { token: 'abc' } }, undefined, '/x')).toBe(
    "the token is at data.token: set auth.strategies[].tokenPath: ['data.token']",
  );
  expect(
    loginFix(200, { user: { id: 'usr_1' } }, ['lumen_sid=abc; HttpOnly; Path=/'], '/api/session'),
  ).toContain('the token came in Set-Cookie lumen_sid');
  expect(loginFix(401, { error: 'bad_credentials' }, undefined, '/x')).toBeUndefined();
  expect(cookieNames('a=1; Path=/')).toEqual(['a']);
});

test('who am I, the upgrade, the welcome frame, the answer and the keepalive', () => {
  expect(meFix(200, { user: { id: 'usr_1' } }, '/api/whoami')).toContain("userIdPath: ['user.id']");
  expect(meFix(200, { name: 'x' }, '/api/whoami')).toBeUndefined();
  expect(meFix(200, { userId: 'usr_1' }, '/me')).toContain("userIdPath: ['userId']");
  expect(
    upgradeFix({ kind: 'rejected', status: 401, body: '', upgradeMs: 1 }, ['subprotocol'], 'exact'),
  ).toContain('another carrier');
  expect(
    upgradeFix({ kind: 'open', protocol: '', upgradeMs: 1, offered: ['jwt-auth'] }, ['subprotocol'], 'exact'),
  ).toContain('capabilities.subprotocolAuth=false');
  expect(
    upgradeFix({ kind: 'open', protocol: '', upgradeMs: 1, offered: [] }, ['header'], 'none'),
  ).toBeUndefined();
  expect(readyFix({ op: 'hello', session: {} })).toBe(
    "the first frame is op=hello: set ws.ready.match: { op: 'hello' }",
  );
  expect(
    answerFix([{ op: 'frame', rid: 'r1', data: '{"kind":"delta","text":"a"}', done: false }], ['type']),
  ).toContain('JSON text inside the field data');
  expect(answerFix([{ event: 'start' }], ['type'])).toBe(
    "frames name their kind by event: set events.typePath: ['event']",
  );
  expect(keepAliveFix([{ op: 'hello' }, { op: 'ping', nonce: 'ab12cd34' }])).toContain('autoReply');
  expect(keepAliveFix([{ op: 'hello' }])).toBeUndefined();
});
