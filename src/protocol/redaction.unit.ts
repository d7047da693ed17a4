// The redactor hides known secrets in every form, JWTs and token= values, and leaves every other character alone.
import { expect, test } from '@playwright/test';
import { base64url } from './base64url.ts';
import { redactText, redactValue, registerSecret } from './redaction.ts';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTEiLCJlbWFpbCI6ImFAYi50ZXN0In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

test('a JWT clipped after its payload began is masked too', () => {
  expect(redactText(`gateway refused bearer ${JWT.slice(0, 50)}…`)).toBe(
    'gateway refused bearer [redacted-jwt]…',
  );
});

test('a JWT inside a URL is masked, the rest of the URL kept', () => {
  expect(redactText(`upgrade to wss://api.test/ws/${JWT}/stream answered 401`)).toBe(
    'upgrade to wss://api.test/ws/[redacted-jwt]/stream answered 401',
  );
});

test('token= and access_token= query values are masked, other parameters kept', () => {
  expect(redactText('GET https://api.test/ws?token=opaque-value-1&thread=t-9 answered 403')).toBe(
    'GET https://api.test/ws?token=[redacted]&thread=t-9 answered 403',
  );
  expect(redactText('redirect to /cb#access_token=abc.def-ghi&state=s1')).toBe(
    'redirect to /cb#access_token=[redacted]&state=s1',
  );
  expect(redactText(`wss://api.test/ws?jwt=${JWT}`)).toBe('wss://api.test/ws?jwt=[redacted]');
});

test('a known secret is masked inside JSON, escaped, URL-encoded or base64url-encoded', () => {
  const secret = 'pa"ss/word 42';
  registerSecret(secret);
  const json = JSON.stringify({ error: `bad credentials for ${secret}`, n: 1 });
  expect(redactText(json)).toBe('{"error":"bad credentials for [redacted]","n":1}');
  expect(redactText(`login?p=${encodeURIComponent(secret)}`)).toBe('login?p=[redacted]');
  expect(redactText(`subprotocol jwt.${base64url(secret)}`)).toBe('subprotocol jwt.[redacted]');
  expect(redactValue({ nested: [{ why: `echo ${secret}` }] })).toEqual({
    nested: [{ why: 'echo [redacted]' }],
  });
});

test('a token base64url-encoded in a subprotocol entry is masked even when it was never registered', () => {
  expect(redactText(`selected "jwt.${base64url(JWT)}"`)).toBe('selected "jwt.[redacted-jwt]"');
});

test('secrets given for one call and a Bearer value are masked', () => {
  expect(redactText('hook said: key acme-bypass-777', ['acme-bypass-777'])).toBe('hook said: key [redacted]');
  expect(redactText('Authorization: Bearer opaque-token-xyz')).toBe('Authorization: Bearer [redacted]');
});

test('nothing else is touched', () => {
  const plain = [
    'WS_UPGRADE_REJECTED: upgrade to ws://127.0.0.1:4100/ws answered 401 (expected 101 with subprotocol jwt-auth)',
    'auth.login.latency 612 ms > 500 ms; tokens: 3; token_count=4; eyJ alone; a.b.c',
    '{"type":"run_done","payload":{"runId":"r-1","text":"Lisbon, Porto, Faro"}}',
    'short secrets (< 6 chars) are never registered: abc',
  ].join('\n');
  registerSecret('abc');
  expect(redactText(plain)).toBe(plain);
});
