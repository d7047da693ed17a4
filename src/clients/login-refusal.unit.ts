// Unit tests of the login-refusal judgement: a token is a bypass, the status and error body are the profile's.
import { expect, test } from '@playwright/test';
import { BUILT_IN_PROFILES } from '../../profiles/index.ts';
import { judgeLoginRefusal } from './login-refusal.ts';

for (const [name, profile] of Object.entries(BUILT_IN_PROFILES)) {
  const { statuses, errorPath, errorValue } = profile.auth.badCredentials;
  const login = profile.auth.strategies.find((s) => s.kind === 'login');
  const tokenPath = login?.kind === 'login' ? login.tokenPath?.[0] : 'token';
  const refusalBody = errorPath ? { [errorPath]: errorValue } : {};

  test(`${name}: the profile's refusal passes`, () => {
    expect(judgeLoginRefusal({ status: statuses[0]!, ms: 5, body: refusalBody }, profile, 'u').refused).toBe(
      true,
    );
  });

  test(`${name}: a token in the answer is an auth bypass (F15)`, () => {
    // A token in the body where the profile reads one there; else where the adapter found it (a cookie, a header).
    const attempt = tokenPath ? { body: { [tokenPath]: 'abc' } } : { body: {}, token: 'abc' };
    const verdict = judgeLoginRefusal({ status: 200, ms: 5, ...attempt }, profile, 'u');
    expect(verdict.refused).toBe(false);
    expect(verdict.message).toContain('Likely cause: F15');
  });

  test(`${name}: another status or error body is the wrong refusal shape`, () => {
    expect(judgeLoginRefusal({ status: 503, ms: 5, body: refusalBody }, profile, 'u').message).toContain(
      'a server error, not a refusal',
    );
    const wrongBody = judgeLoginRefusal({ status: statuses[0]!, ms: 5, body: {} }, profile, 'u');
    expect(wrongBody.refused).toBe(errorPath === undefined);
  });
}
