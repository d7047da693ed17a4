// Request markers and ids found in frames by exact tokens and values: never by prefix, with or without a user id.
import { expect, test } from '@playwright/test';
import {
  carriesOtherMarker,
  crossHits,
  foreignMarkers,
  frameContent,
  markerOf,
  requestMarker,
  type RequestOwner,
} from './cross-user.ts';

const M1 = requestMarker('u1', 'aaaaaaaa0001');
const M10 = requestMarker('u10', 'bbbbbbbb0010');
const owners: RequestOwner[] = [
  { user: 'u1', socket: 's1', marker: M1, userId: 'user_1', threadIds: ['thr_1'], runIds: ['run_1'] },
  { user: 'u10', socket: 's10', marker: M10, userId: 'user_10', threadIds: ['thr_10'], runIds: ['run_10'] },
];
const asU10 = { user: 'u10', socket: 's10' };

test('a marker in another user frame with no user id is found as an exact token', () => {
  const content = frameContent({ type: 'any_frame', content: `You asked: "hello (${M1})"` });
  expect(crossHits(content, asU10, owners).map((h) => [h.what, h.value, h.relation])).toEqual([
    ['marker', M1, 'another-user'],
  ]);
});

test('ids match exactly: user_1 is not user_10, and a marker is not found inside a longer token', () => {
  const prefixOnly = frameContent({ user_id: 'user_10', run_id: 'run_10', note: `${M1}x and x${M1}` });
  expect(crossHits(prefixOnly, asU10, owners)).toEqual([]);
  const exact = frameContent({ data: { owner: 'user_1', runs: ['run_1'] } });
  expect(crossHits(exact, asU10, owners).map((h) => h.what)).toEqual(['user id', 'run id']);
});

test('JSON text inside a string field and non-JSON frames are decoded before the scan', () => {
  const envelope = frameContent({ payload: JSON.stringify({ text: `answer for ${M1}`, thread: 'thr_1' }) });
  expect(crossHits(envelope, asU10, owners).map((h) => h.what)).toEqual(['marker', 'thread id']);
  const raw = frameContent(undefined, `plain text ${M1}.`);
  expect(crossHits(raw, asU10, owners).map((h) => h.what)).toEqual(['marker']);
});

test('another socket of the same user is a fan-out, not a breach; its ids are the user own', () => {
  const sameUser: RequestOwner[] = [
    { user: 'u1', socket: 'a', marker: M1, runIds: ['run_a'] },
    { user: 'u1', socket: 'b', marker: requestMarker('u1', 'cccccccc0002'), runIds: ['run_b'] },
  ];
  const content = frameContent({ text: M1, run_id: 'run_a' });
  expect(crossHits(content, { user: 'u1', socket: 'b' }, sameUser).map((h) => h.relation)).toEqual([
    'same-user-other-socket',
  ]);
  expect(crossHits(content, { user: 'u1', socket: 'a' }, sameUser)).toEqual([]);
});

test('a question carries its marker; a frame with another marker answers another request', () => {
  expect(markerOf(`What is the Golden Path? (${M1})`)).toBe(M1);
  expect(markerOf('no marker here')).toBeUndefined();
  expect(carriesOtherMarker(frameContent({ t: M10 }), M1)).toBe(true);
  expect(carriesOtherMarker(frameContent({ t: M1 }), M1)).toBe(false);
  expect(foreignMarkers(frameContent({ a: M1, b: M10 }), 'u1')).toEqual([M10]);
});

test('a marker is made of a user key and hex digits only', () => {
  expect(() => requestMarker('User-1', 'aaaaaaaa')).toThrow(/user key/);
  expect(() => requestMarker('u1', 'xyz')).toThrow(/nonce/);
});
