// Judges a login with credentials the target must refuse: the profile's status and error body, and never a token.
import type { Profile } from '../../profiles/define.ts';
import { explain } from '../diagnosis/index.ts';
import { readId, readPath } from '../protocol/json-path.ts';
import type { LoginAttempt } from './auth-client.ts';

export interface LoginRefusalVerdict {
  refused: boolean;
  message: string;
}

export function judgeLoginRefusal(attempt: LoginAttempt, profile: Profile, who: string): LoginRefusalVerdict {
  const strategy = profile.auth.strategies.find((s) => s.kind === 'login');
  // A token anywhere the profile looks for one (a cookie too), whatever the status: a refusal carries none.
  const inBody =
    strategy?.kind === 'login' && strategy.tokenPath ? readId(attempt.body, strategy.tokenPath) : undefined;
  const token = attempt.token ?? inBody;
  const expected = profile.auth.badCredentials;
  if (token !== undefined) {
    const message = `AUTH_BYPASS: the login with a wrong password for ${who} answered ${attempt.status} with a token`;
    return {
      refused: false,
      message: explain(message, {
        refusal: {
          accepted: true,
          what: 'a login with a wrong password',
          shape: `${attempt.status} with a token`,
        },
      }),
    };
  }
  if (!expected.statuses.includes(attempt.status)) {
    const server = attempt.status >= 500 ? ' (a server error, not a refusal)' : '';
    return {
      refused: false,
      message: `LOGIN_REFUSAL_SHAPE: the login with a wrong password for ${who} answered ${attempt.status}, expected ${expected.statuses.join(' or ')}${server}`,
    };
  }
  if (expected.errorPath !== undefined && expected.errorValue !== undefined) {
    const seen = readPath(attempt.body, expected.errorPath);
    if (seen !== expected.errorValue) {
      return {
        refused: false,
        message: `LOGIN_REFUSAL_SHAPE: the refusal's body has ${JSON.stringify(seen)} at ${expected.errorPath}, expected ${JSON.stringify(expected.errorValue)}`,
      };
    }
  }
  return { refused: true, message: `refused with ${attempt.status} and no token` };
}
