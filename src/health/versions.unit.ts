// Unit tests of version reading (meta tags) and drift judging (services disagree, EXPECTED_VERSION).
import { expect, test } from '@playwright/test';
import { readMetaTag, sameCommit, versionProblems, type VersionReport } from './versions.ts';

test('meta tags are read whatever the attribute order and quoting', () => {
  const html = `<head><meta charset="utf-8"><meta content='2.0.1' name=version><meta name="commit" content="abc1234"></head>`;
  expect(readMetaTag(html, 'version')).toBe('2.0.1');
  expect(readMetaTag(html, 'commit')).toBe('abc1234');
  expect(readMetaTag(html, 'build')).toBeUndefined();
  expect(readMetaTag('<meta name="version" content="1 &amp; 2">', 'VERSION')).toBe('1 & 2');
});

const api: VersionReport = { service: 'API', source: 'a', version: '1.4.2', commit: '3f9c2a1' };
const auth: VersionReport = { service: 'auth service', source: 'b', version: '1.4.2', commit: '3f9c2a1e0b' };
const web: VersionReport = { service: 'frontend', source: 'c', version: '1.4.2' };

const SHORT = { shortCommits: true };

test('agreeing services: a short and a full id of one commit agree only when the profile says short ids are used', () => {
  expect(versionProblems([api, auth, web], undefined, SHORT)).toEqual([]);
  expect(versionProblems([api, auth, web], undefined)).toHaveLength(1);
  expect(versionProblems([api, { ...auth, commit: '3F9C2A1' }, web], undefined)).toEqual([]);
});

test('the commit rule: exact by default; with short ids, a 7+ hex-digit prefix, never less, never a non-hex id', () => {
  const full = '3f9c2a1e0b5d4c3b2a190807f6e5d4c3b2a1908f';
  expect(sameCommit('3f9c2a1', full, { shortCommits: false })).toBe(false);
  expect(sameCommit(full, full.toUpperCase(), { shortCommits: false })).toBe(true);
  expect(sameCommit('3f9c2a1', full, SHORT)).toBe(true);
  expect(sameCommit(full, '3f9c2a1e0b', SHORT)).toBe(true);
  expect(sameCommit('3f9c2a', full, SHORT)).toBe(false);
  expect(sameCommit('3f9c2a2', full, SHORT)).toBe(false);
  expect(sameCommit('release', 'release-2', SHORT)).toBe(false);
});

test('a drifted service is listed with every service value', () => {
  const drifted = { ...api, version: '1.4.3', commit: 'c063d5e' };
  expect(versionProblems([drifted, auth, web], undefined)).toEqual([
    'services disagree: API 1.4.3 (commit c063d5e), auth service 1.4.2 (commit 3f9c2a1e0b), frontend 1.4.2',
  ]);
  expect(versionProblems([{ ...api, commit: 'ffff000' }, auth], undefined)).toHaveLength(1);
});

test('EXPECTED_VERSION: every service must report it as version or commit', () => {
  expect(versionProblems([api, auth, web], '1.4.2')).toEqual([]);
  expect(versionProblems([api, auth], '3f9c2a1', SHORT)).toEqual([]);
  expect(versionProblems([api, auth], '3f9c2a1')).toHaveLength(1);
  expect(versionProblems([api, auth, web], '1.5.0')).toEqual([
    'expected 1.5.0 (EXPECTED_VERSION), API and auth service and frontend differ: API 1.4.2 (commit 3f9c2a1), auth service 1.4.2 (commit 3f9c2a1e0b), frontend 1.4.2',
  ]);
});

test('an unreadable source is a problem, never a silent pass', () => {
  const broken: VersionReport = {
    service: 'frontend',
    source: 'http://web.test/login',
    error: 'no <meta name="version"> in the page',
  };
  expect(versionProblems([api, auth, broken], undefined, SHORT)).toEqual([
    `could not read the frontend's version from http://web.test/login: no <meta name="version"> in the page`,
  ]);
});
