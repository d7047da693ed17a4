// Unit tests of identity binding: the ready frame's claim and every id compared exactly, the token's subject.
import { expect, test } from '@playwright/test';
import { base64url } from './base64url.ts';
import { identityOf, readyClaimMatches, readyClaimOf, tokenSubject } from './identity.ts';

const TRUNCATED = { truncate: 8, suffix: '...' } as const;
const jwt = (claims: Record<string, unknown>): string =>
  `${base64url('{"alg":"HS256"}')}.${base64url(JSON.stringify(claims))}.sig`;

test('an exact claim is the identity itself: user_1 is not user_10, in either direction', () => {
  expect(readyClaimMatches('user_1', 'user_1', 'exact')).toBe(true);
  expect(readyClaimMatches('user_10', 'user_1', 'exact')).toBe(false);
  expect(readyClaimMatches('user_1', 'user_10', 'exact')).toBe(false);
  expect(readyClaimMatches('user_1...', 'user_1', 'exact')).toBe(false);
});

test('a truncated claim is exactly the first N characters plus the suffix, nothing looser', () => {
  expect(readyClaimOf('usr_0123456789', TRUNCATED)).toBe('usr_0123...');
  expect(readyClaimMatches('usr_0123...', 'usr_0123456789', TRUNCATED)).toBe(true);
  expect(readyClaimMatches('usr_0123…', 'usr_0123456789', TRUNCATED)).toBe(false);
  expect(readyClaimMatches('usr_012...', 'usr_0123456789', TRUNCATED)).toBe(false);
  expect(readyClaimMatches('usr_0123456789', 'usr_0123456789', TRUNCATED)).toBe(false);
  expect(readyClaimMatches('usr_9999...', 'usr_0123456789', TRUNCATED)).toBe(false);
  // An id no longer than the cut is written whole.
  expect(readyClaimOf('user_1', TRUNCATED)).toBe('user_1');
  expect(readyClaimOf('user_1', 'none')).toBeUndefined();
  expect(readyClaimMatches('anyone', 'user_1', 'none')).toBe(true);
});

test("a JWT's subject is read without verifying it; an opaque token has none", () => {
  expect(tokenSubject(jwt({ sub: 'usr_ümlaut', exp: 1 }))).toBe('usr_ümlaut');
  expect(tokenSubject(jwt({ email: 'a@b.c' }))).toBeUndefined();
  expect(tokenSubject(jwt({ sub: '' }))).toBeUndefined();
  expect(tokenSubject('opaque-token-value')).toBeUndefined();
  expect(tokenSubject('a.!!!.c')).toBeUndefined();
  expect(identityOf({ token: jwt({ sub: 'from-token' }), userId: 'from-login' })).toBe('from-login');
  expect(identityOf({ token: jwt({ sub: 'from-token' }) })).toBe('from-token');
  expect(identityOf({ token: 'opaque' })).toBeUndefined();
});
