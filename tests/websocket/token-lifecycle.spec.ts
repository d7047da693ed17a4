// Token lifecycle: a refreshed token (when the profile declares auth.refresh) is accepted as the login's was.
// The expired-token refusal is in handshake.spec.ts.
import { expect, test } from '../../fixtures/index.ts';
import { refreshToken, refusedAfterRefresh } from '../../src/clients/token-refresh.ts';

test.describe('token lifecycle', { tag: ['@websocket'] }, () => {
  test('a refreshed token opens the socket and gets an answer', async ({ goldenPath, config }) => {
    const { profile } = config;
    test.skip(
      profile.auth.refresh === undefined,
      `n/a: token-refresh (profile ${profile.name}): the profile declares no auth.refresh`,
    );
    const user = config.users[0];

    const refreshed = await test.step('log in and refresh the token', () =>
      refreshToken(config, goldenPath.auth, user));

    await test.step("the login's token opens the socket", async () => {
      await (await goldenPath.connect(refreshed.loginToken)).close();
    });

    const session = await test.step('the refreshed token opens the socket', () =>
      goldenPath.connect(refreshed.token).catch((error: unknown) => {
        throw refusedAfterRefresh('the WebSocket upgrade', error);
      }));

    const run = await test.step('ask with the refreshed token', () => session.ask(profile.probe.question));

    expect(run, 'the question over the refreshed token completes').toComplete();
  });
});
