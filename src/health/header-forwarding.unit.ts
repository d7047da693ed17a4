// Unit tests of header-forwarding judging: which carrier did not reach the backend.
import { expect, test } from '@playwright/test';
import type { AuthCarrier } from '../../profiles/define.ts';
import {
  carrierLabel,
  distinctCarriers,
  forwardingProblems,
  showsStripped,
  identityMixUp,
  type CarrierAttempt,
} from './header-forwarding.ts';

const ws = 'wss://api.test/ws';
const header: CarrierAttempt = {
  carrier: 'Authorization header',
  accepted: true,
  detail: 'ready frame after 12 ms',
};
const sub: CarrierAttempt = {
  carrier: 'Sec-WebSocket-Protocol header',
  accepted: true,
  detail: 'ready frame after 10 ms',
};
const me = {
  carrier: 'Authorization header',
  url: 'https://auth.test/auth/me',
  accepted: true,
  detail: 'answered 200',
};

test('every carrier accepted and the HTTP call authenticated: no problem', () => {
  expect(forwardingProblems(ws, [header, sub], [me])).toEqual([]);
});

test('one carrier refused while the other works: that header did not reach the backend', () => {
  const refused = { ...header, accepted: false, detail: 'upgrade answered 401' };
  expect(forwardingProblems(ws, [refused, sub], [me])).toEqual([
    `the Authorization header did not reach the backend: a WebSocket to ${ws} carrying the token only in it was refused (upgrade answered 401) while the Sec-WebSocket-Protocol header alone authenticated`,
  ]);
});

test('every carrier refused: the product accepted none of the carriers tried, named; not evidence of stripping', () => {
  const attempts = [
    { ...header, accepted: false, detail: '401' },
    { ...sub, accepted: false, detail: '401' },
  ];
  expect(forwardingProblems(ws, attempts, [])).toEqual([
    `the product accepted none of the carriers tried at ${ws} (Authorization header, Sec-WebSocket-Protocol header): Authorization header: 401; Sec-WebSocket-Protocol header: 401`,
  ]);
  expect(showsStripped(attempts, [])).toBe(false);
  expect(showsStripped([attempts[0]!, sub], [])).toBe(true);
  expect(showsStripped([header, sub], [{ ...me, accepted: false, detail: 'answered 401' }])).toBe(true);
});

test('the authenticated HTTP call refused with a token the WebSocket accepted', () => {
  expect(forwardingProblems(ws, [header, sub], [{ ...me, accepted: false, detail: 'answered 401' }])).toEqual(
    [
      'the Authorization header did not reach the service at https://auth.test/auth/me: the call with a token the WebSocket accepted answered 401',
    ],
  );
});

test('carriers are tried one per kind, named as a person would', () => {
  const carriers: AuthCarrier[] = [
    { kind: 'subprotocol', entries: ['x', 'y.{{token}}'] },
    { kind: 'header', name: 'X-Token', value: '{{token}}' },
    { kind: 'subprotocol', entries: ['z.{{token}}'] },
    { kind: 'query', param: 'ticket', value: '{{token}}' },
  ];
  expect(distinctCarriers(carriers).map(carrierLabel)).toEqual([
    'Sec-WebSocket-Protocol header',
    'X-Token header',
    'query parameter ticket',
  ]);
});

test('a "who am I" answer for another email is an identity mix-up naming both; case and unknowns are not', () => {
  expect(identityMixUp(me.url, 'user1', 'alice@example.test', 'mallory@example.test')).toBe(
    `identity mix-up: ${me.url} answered for mallory@example.test, but the token is user1's (alice@example.test)`,
  );
  expect(identityMixUp(me.url, 'user1', 'Alice@Example.test', 'alice@example.test')).toBeUndefined();
  expect(identityMixUp(me.url, 'user1', undefined, 'mallory@example.test')).toBeUndefined();
  expect(identityMixUp(me.url, 'user1', 'alice@example.test', undefined)).toBeUndefined();
});
