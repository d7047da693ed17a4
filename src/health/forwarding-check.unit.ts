// The header-forwarding check against a scripted target: an authenticated "who am I" call that answers for another
// user's email is an identity mix-up, not a pass.
import { expect, test } from '@playwright/test';
import { HttpClient } from '../clients/http.ts';
import { at, json, ScriptedTarget } from '../testing/scripted-target.ts';
import { configFor, RELAY } from '../testing/test-profile.ts';
import { checkHeaderForwarding } from './forwarding-check.ts';
import { verdict } from './verdict.ts';

let target: ScriptedTarget;
test.beforeEach(async () => {
  target = await ScriptedTarget.start();
  target.routes['POST /v2/session'] = json(200, { jwt: 'relay-token-for-forwarding' });
  target.onConnection = (socket) =>
    socket.send(JSON.stringify(at({ op: 'hello', 'conn.id': 'c-1', 'conn.user': 'u-1' })));
});
test.afterEach(() => target.close());

test('the me call answering with the user’s own email passes, naming it', async () => {
  const config = await configFor(target.url, RELAY);
  const alice = config.users[0];
  target.routes['GET /v2/whoami'] = json(200, { uid: 'u-1', mail: alice.email?.toUpperCase() });
  const result = verdict(await checkHeaderForwarding(config, new HttpClient(), alice));
  expect(result.ok).toBe(true);
  expect(result.message).toContain(
    `X-Relay-Key header alone at ${target.url}/v2/whoami: answered 200 for ${alice.email?.toUpperCase()}`,
  );
});

test('the me call answering for another email fails as an identity mix-up naming both', async () => {
  const config = await configFor(target.url, RELAY);
  const alice = config.users[0];
  target.routes['GET /v2/whoami'] = json(200, { uid: 'u-2', mail: config.users[1].email });
  const result = verdict(await checkHeaderForwarding(config, new HttpClient(), alice));
  expect(result.ok).toBe(false);
  expect(result.message.split('\n')[0]).toBe(
    `the authenticated call answered for another user (F10): identity mix-up: ${target.url}/v2/whoami answered for ${config.users[1].email}, but the token is user1's (${alice.email})`,
  );
  expect(result.message).toContain('Likely cause: F10 isolation breach');
});
