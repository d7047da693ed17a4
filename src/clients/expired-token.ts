// Where an expired token for the refusal check comes from: TEST_EXPIRED_TOKEN, a copy re-signed with JWT_SECRET or
// with the profile's mint strategy secret, else n/a with the reason (never a silent skip).
import { decodeJwt } from 'jose';
import type { Config } from '../config/index.ts';
import { expiredCopy } from './bad-tokens.ts';

/** `token` with where it came from in `note`; or no token and the n/a reason in `note`. */
export interface ExpiredToken {
  token: string | undefined;
  note: string;
}

function isJwt(token: string): boolean {
  try {
    decodeJwt(token);
    return true;
  } catch {
    return false;
  }
}

/** An expired token for the user whose valid `token` is given. */
export async function expiredToken(config: Config, token: string): Promise<ExpiredToken> {
  const preIssued = config.secrets.TEST_EXPIRED_TOKEN?.reveal();
  if (preIssued) return { token: preIssued, note: 'TEST_EXPIRED_TOKEN' };
  const mint = config.profile.auth.strategies.find((s) => s.kind === 'mint');
  const signers: [string, string | undefined][] = [
    ['JWT_SECRET', config.secrets.JWT_SECRET?.reveal()],
    ...(mint?.kind === 'mint'
      ? [
          [`the mint strategy's ${mint.secretSetting}`, config.secrets[mint.secretSetting]?.reveal()] as [
            string,
            string | undefined,
          ],
        ]
      : []),
  ];
  const signer = signers.find(([, secret]) => secret !== undefined);
  const why = `n/a: expired-token-refusal (profile ${config.profile.name})`;
  if (!signer)
    return {
      token: undefined,
      note: `${why}: no TEST_EXPIRED_TOKEN, JWT_SECRET${mint?.kind === 'mint' ? ` or ${mint.secretSetting}` : ''} in ${config.envFile} to make an expired token; set TEST_EXPIRED_TOKEN to check that the product refuses one`,
    };
  if (!isJwt(token))
    return {
      token: undefined,
      note: `${why}: the product's tokens are opaque (not a JWT), so none can be re-signed as expired; set TEST_EXPIRED_TOKEN`,
    };
  return { token: await expiredCopy(token, signer[1] as string), note: `re-signed with ${signer[0]}` };
}
