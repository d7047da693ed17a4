// Unit tests of version reading (meta tags) and drift judging (services disagree, EXPECTED_VERSION).
import { expect, test } from '@playwright/test';
import { readMetaTag, versionProblems, type VersionReport } from './versions.ts';

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

test('agreeing services (a short and a full id of one commit agree) have no problem', () => {
  expect(versionProblems([api, auth, web], undefined)).toEqual([]);
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
  expect(versionProblems([api, auth], '3f9c2a1')).toEqual([]);
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
  expect(versionProblems([api, auth, broken], undefined)).toEqual([
    `could not read the frontend's version from http://web.test/login: no <meta name="version"> in the page`,
  ]);
});
