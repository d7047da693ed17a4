// Each intermediary behaviour named by its own class from the facts as the clients record them, before any other rule.
import { expect, test } from '@playwright/test';
import { diagnose, type Evidence, type HttpFact, type UpgradeFact } from './diagnose.ts';

const login = (over: Partial<HttpFact>): HttpFact => ({
  url: 'http://proxy/auth/login',
  method: 'POST',
  what: 'login',
  ms: 4,
  expectJson: true,
  ...over,
});
const upgrade = (over: Partial<UpgradeFact>): UpgradeFact => ({
  outcome: 'rejected',
  url: 'ws://proxy/ws',
  tokenSent: true,
  carriers: ['subprotocol', 'header'],
  readyArrived: false,
  ...over,
});
const PROXY_PAGE = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>…';

const cases: [string, Evidence, string, string][] = [
  [
    'a 502 on login is upstream, not auth',
    { http: [login({ status: 502, contentType: 'text/html', bodyHead: PROXY_PAGE })] },
    'F18',
    'upstream.502',
  ],
  ['a 504 on login', { http: [login({ status: 504 })] }, 'F18', 'upstream.504'],
  ['a 502 at the upgrade', { upgrades: [upgrade({ status: 502 })] }, 'F18', 'ws.upgrade.502'],
  [
    'the upgrade answered 426',
    { upgrades: [upgrade({ status: 426 })] },
    'F17',
    'ws.upgrade.not-forwarded.426',
  ],
  [
    'the upgrade answered 400',
    { upgrades: [upgrade({ status: 400 })] },
    'F17',
    'ws.upgrade.not-forwarded.400',
  ],
  [
    'the upgrade answered the app shell',
    { upgrades: [upgrade({ status: 200, contentType: 'text/html' })] },
    'F17',
    'ws.upgrade.not-forwarded.200',
  ],
  [
    'login answered the app shell',
    { http: [login({ status: 200, contentType: 'text/html; charset=utf-8', bodyHead: '<!doctype html>' })] },
    'F19',
    'http.html',
  ],
  [
    'login answered an untyped page',
    { http: [login({ status: 404, bodyHead: '  <html><body>Not Found' })] },
    'F19',
    'http.html',
  ],
  [
    'login redirected',
    { http: [login({ status: 302, location: 'https://sso.example/login' })] },
    'F20',
    'http.redirect.302',
  ],
  [
    'the upgrade redirected',
    { upgrades: [upgrade({ status: 301, location: 'wss://proxy/ws' })] },
    'F20',
    'ws.upgrade.redirect.301',
  ],
  [
    'connection refused',
    { http: [login({ network: 'refused', error: 'connection refused' })] },
    'F13',
    'net.refused',
  ],
  ['DNS failure', { http: [login({ network: 'dns', error: 'DNS lookup failed' })] }, 'F13', 'net.dns'],
  [
    'TLS error',
    { http: [login({ network: 'tls', error: 'TLS error (CERT_HAS_EXPIRED)' })] },
    'F21',
    'net.tls',
  ],
  [
    'connection reset',
    { http: [login({ network: 'reset', error: 'connection reset' })] },
    'F21',
    'net.reset',
  ],
  [
    'TLS error at the upgrade',
    { upgrades: [upgrade({ outcome: 'network-error', network: 'tls' })] },
    'F21',
    'net.tls',
  ],
];

for (const [name, evidence, cls, code] of cases) {
  test(`${name}: ${cls} [${code}]`, () => {
    const f = diagnose(evidence);
    expect(f.class).toBe(cls);
    expect(f.code).toBe(code);
  });
}

test('one line naming the URL and what it answered: status, type, first bytes, Location', () => {
  const upstream = diagnose({
    http: [login({ status: 502, contentType: 'text/html', bodyHead: PROXY_PAGE })],
  });
  expect(upstream.summary).toBe(
    'login: POST http://proxy/auth/login answered 502 (text/html: "<html> <head><title>502 Bad Gateway</title></hea…"): the service behind the proxy is down or timing out',
  );
  const redirected = diagnose({ http: [login({ status: 302, location: 'https://sso.example/login' })] });
  expect(redirected.summary).toBe(
    'login: POST http://proxy/auth/login answered 302 → Location https://sso.example/login (another host)',
  );
  expect(diagnose({ http: [login({ status: 307, location: '/auth/login/' })] }).summary).not.toContain(
    'another host',
  );
});

test('a 503 from the auth service stays F2; HTML where no JSON was expected is no finding', () => {
  expect(diagnose({ http: [login({ status: 503 })] }).class).toBe('F2');
  const page = diagnose({
    http: [{ url: 'http://proxy/', ms: 2, status: 200, contentType: 'text/html', what: 'frontend' }],
  });
  expect(page.class).toBe('unclassified');
});

test('a deliberately bad token refused at the upgrade is never an intermediary', () => {
  expect(diagnose({ upgrades: [upgrade({ status: 400, tokenBad: true })] }).class).toBe('unclassified');
});
