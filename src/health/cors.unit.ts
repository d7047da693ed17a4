// Unit tests of CORS preflight judging (Fetch standard: Authorization is never covered by "*").
import { expect, test } from '@playwright/test';
import { preflightProblem, type Preflight } from './cors.ts';

const p: Preflight = {
  url: 'https://api.test/health',
  origin: 'https://web.test',
  method: 'GET',
  headers: ['authorization'],
};
const allowed = {
  'access-control-allow-origin': 'https://web.test',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'Authorization, Content-Type',
};
const what = 'preflight OPTIONS https://api.test/health from origin https://web.test (GET, authorization)';

test('an allowed preflight has no problem', () => {
  expect(preflightProblem(p, { status: 204, headers: allowed })).toBeUndefined();
  expect(
    preflightProblem({ ...p, headers: [] }, { status: 200, headers: { 'access-control-allow-origin': '*' } }),
  ).toBeUndefined();
});

test('each way a browser would block the call is named', () => {
  expect(preflightProblem(p, { status: 404, headers: {} })).toBe(
    `${what} answered 404 (a browser needs 2xx)`,
  );
  expect(
    preflightProblem(p, { status: 204, headers: { ...allowed, 'access-control-allow-origin': undefined } }),
  ).toBe(`${what}: no Access-Control-Allow-Origin`);
  expect(
    preflightProblem(p, {
      status: 204,
      headers: { ...allowed, 'access-control-allow-origin': 'https://other.test' },
    }),
  ).toBe(`${what}: Access-Control-Allow-Origin is "https://other.test", not the frontend's origin`);
  expect(
    preflightProblem(p, { status: 204, headers: { ...allowed, 'access-control-allow-headers': '*' } }),
  ).toBe(`${what}: Access-Control-Allow-Headers (*) lacks authorization`);
  expect(preflightProblem({ ...p, method: 'PUT', headers: [] }, { status: 204, headers: allowed })).toContain(
    'PUT is not in Access-Control-Allow-Methods (get, post, options)',
  );
  expect(preflightProblem(p, { headers: {}, error: 'connection refused' })).toBe(
    `${what}: connection refused`,
  );
});
