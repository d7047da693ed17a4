// The subprotocol echo judged by the profile's rule; an echo that carries the token is named F16.
import { expect, test } from '@playwright/test';
import { BUILT_IN_PROFILES } from '../../profiles/index.ts';
import { base64url } from '../protocol/base64url.ts';
import { judgeEcho } from './carriers.ts';

const token = 'header.payload.signature';
const { echo } = BUILT_IN_PROFILES.default!.ws;
const open = (protocol: string, offered: string[]) => ({
  kind: 'open' as const,
  protocol,
  upgradeMs: 3,
  offered,
});

test('the profile rule decides; an echo of the token entry is F16 and never shows the token', () => {
  const expected = echo.rule === 'exact' ? echo.value : '';
  const tokenEntry = `jwt.${base64url(token)}`;
  expect(judgeEcho(echo, expected, open(expected, [expected, tokenEntry]), token).ok).toBe(true);
  const echoed = judgeEcho(echo, tokenEntry, open(tokenEntry, [expected, tokenEntry]), token);
  expect(echoed.ok).toBe(false);
  expect(echoed.message).toContain('Likely cause: F16');
  expect(echoed.message).not.toContain(base64url(token));
  expect(judgeEcho(echo, '', open('', [expected, tokenEntry]), token).message).not.toContain('F16');
});
