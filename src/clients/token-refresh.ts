// Token refresh as the profile declares it (auth.refresh): log in, send the refresh token, get a new access token.
// A refresh that yields no token, or a token the services refuse, is F28 (token lifecycle broken).
import type { Config, TestUser } from '../config/index.ts';
import { registerSecret } from '../config/secret.ts';
import { finding, FindingError, type Finding } from '../diagnosis/finding.ts';
import { withCause } from '../diagnosis/render.ts';
import { note } from '../diagnosis/trail.ts';
import { readId } from '../protocol/json-path.ts';
import { render } from '../protocol/template.ts';
import type { AuthClient } from './auth-client.ts';

export interface Refreshed {
  /** The access token the login answered. */
  loginToken: string;
  /** The access token the refresh answered. */
  token: string;
  ms: number;
}

function lifecycleError(code: string, summary: string, evidence: string[] = []): FindingError {
  const f: Finding = note(finding('F28', code, summary, evidence));
  return new FindingError(withCause(summary, f), f);
}

export async function refreshToken(config: Config, auth: AuthClient, user: TestUser): Promise<Refreshed> {
  const refresh = config.profile.auth.refresh;
  if (!refresh)
    throw new Error(`REFRESH_UNDECLARED: profile "${config.profile.name}" declares no auth.refresh`);
  if (!user.email || !user.password)
    throw new Error(`REFRESH_NEEDS_LOGIN: ${user.label} has no email and password to log in with`);
  const login = await auth.login(auth.identity(user, user.password.reveal()));
  if (!login.token)
    throw new Error(`AUTH_FAILED: login for ${user.label} answered ${login.status} without a token`);
  const refreshTokenValue = readId(login.body, refresh.refreshTokenPath);
  if (!refreshTokenValue)
    throw lifecycleError(
      'auth.refresh.no-refresh-token',
      `the login answer has no refresh token at ${refresh.refreshTokenPath.join(' | ')} (auth.refresh of profile "${config.profile.name}")`,
    );
  registerSecret(refreshTokenValue);
  const url = config.urls.auth + refresh.path;
  const res = await auth.http.call(url, {
    method: 'POST',
    body: render(refresh.body, { refresh_token: refreshTokenValue }),
    timeoutMs: config.timeouts.requestMs,
    what: 'token refresh',
    expectJson: true,
  });
  const token = res.status >= 200 && res.status < 300 ? readId(res.json, refresh.tokenPath) : undefined;
  if (!token)
    throw lifecycleError(
      'auth.refresh.failed',
      `token refresh POST ${url} answered ${res.status} without an access token at ${refresh.tokenPath.join(' | ')}`,
      [`refresh: POST ${url} → ${res.status} in ${Math.round(res.ms)} ms`],
    );
  registerSecret(token);
  return { loginToken: login.token, token, ms: res.ms };
}

/** The refreshed token was refused where the login's token was accepted: the lifecycle is broken, not the socket. */
export function refusedAfterRefresh(where: string, error: unknown): FindingError {
  const cause = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  return lifecycleError(
    'auth.refresh.token-refused',
    `the refreshed access token is refused at ${where}, where the login's token was accepted: ${cause}`,
    [`refused: ${cause}`],
  );
}
