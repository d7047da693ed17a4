// Unit tests of the failure classes: real messages of the harness land in the class failure-modes.md names.
import { expect, test } from '@playwright/test';
import { allureCategories, classifyFailure, FAILURE_CLASSES } from './categories.ts';

const cases: Array<[string, string]> = [
  ['SlaBreachError: SLA auth.login.latency breached on staging: 1.1 s > 500 ms (n=1)', 'F1'],
  ['HTTP_TIMEOUT: login: POST https://auth.example.com/auth/login gave no answer within 15000 ms', 'F1'],
  ['AUTH_UNAVAILABLE: login answered 503', 'F2'],
  [
    'WS_CLOSED_BEFORE_READY: connection closed 1011 "" at +0.0s before the ready frame (connection_established)',
    'F3',
  ],
  ['WS_UPGRADE_REJECTED: upgrade to ws://127.0.0.1:1/ws answered 401 (expected 101)', 'F4'],
  ['WS_SUBPROTOCOL: 101 without the jwt-auth subprotocol echoed', 'F4'],
  ["PROFILE_MISMATCH: first frame from ws://x/ws does not match the profile's ready frame", 'F5'],
  ['SLA health.ready.latency breached on staging: 30.0 s > 8.0 s (n=1)', 'F6'],
  ['WS_UPGRADE_REJECTED: upgrade to ws://127.0.0.1:1/ws answered 503 (expected 101)', 'F7'],
  ['SLA ws.no_internal_errors breached on local: 3 > 0 (count, n=3)', 'F7'],
  ['SLA infra.db.connection_time breached on local: 6.0 s > 5.0 s (n=1)', 'F8'],
  ['SLA agent.events.complete breached on local: 0 % < 100 % (n=1)', 'F9'],
  ['isolation breach: event for user A delivered to user B', 'F10'],
  ['SLA load.concurrent_connections breached on local: 31 < 50 (max, n=1)', 'F11'],
  ['version drift: expected 1.4.2, API 1.4.3', 'F12'],
  ['TARGET_UNREACHABLE: login: POST http://127.0.0.1:9/auth/login failed: connection refused', 'F2'],
  ['golden-path: TARGET_UNREACHABLE: API http://127.0.0.1:9/health: connection refused', 'F13'],
  [
    'TARGET_UNREACHABLE: auth service http://127.0.0.1:9/health: connection refused (environment "staging")',
    'F13',
  ],
  ['AGENT_EVENT_TIMEOUT: no agent_completed within 45.0s of the question', 'F14'],
  ['target accepts unauthenticated clients (mapped them to demo-user)', 'F15'],
  ['token echoed in Sec-WebSocket-Protocol (security)', 'F16'],
];

for (const [message, id] of cases) {
  test(`"${message.slice(0, 60)}…" is ${id}`, () => {
    expect(classifyFailure(message)?.id).toBe(id);
  });
}

test('an explicit "Likely cause: Fn" wins over every pattern', () => {
  // The message names an upgrade refused with 503 (F7) but the diagnosis module knows better.
  const message =
    'WS_UPGRADE_REJECTED: upgrade answered 503 (expected 101)\nLikely cause: F4 headers stripped between client and backend';
  expect(classifyFailure(message)?.id).toBe('F4');
  for (const c of FAILURE_CLASSES)
    expect(classifyFailure(`something odd\nLikely cause: ${c.id}`)?.id).toBe(c.id);
});

test('harness errors and unknown messages name no failure class', () => {
  expect(classifyFailure('CONFIG_MISSING: WEB_URL is not set for environment "staging"')).toBeUndefined();
  expect(classifyFailure('expect(received).toBe(expected)')).toBeUndefined();
  expect(classifyFailure(undefined)).toBeUndefined();
});

test('Allure categories: one per class, then harness, then the rest; only failing tests match', () => {
  const rules = allureCategories();
  expect(rules.map((r) => r.id)).toEqual([
    ...FAILURE_CLASSES.map((c) => `golden-path-${c.id.toLowerCase()}`),
    'golden-path-harness',
    'golden-path-unclassified',
  ]);
  const first = (status: string, message: string): string | undefined =>
    rules.find((r) => r.matchers.some((m) => m({ status, message })))?.name;
  expect(first('failed', 'SLA auth.login.latency breached on local: 1.0 s > 500 ms (n=1)')).toBe(
    'F1 auth slow',
  );
  expect(first('broken', 'CONFIG_INVALID: API_URL="x" is invalid')).toBe('Harness misconfigured');
  expect(first('failed', 'expect(received).toBe(expected)')).toBe('Unclassified failures');
  expect(first('passed', 'SLA auth.login.latency breached')).toBeUndefined();
  // Exactly one class rule matches each classified message, so the first match is the classifier's answer.
  const classRules = rules.filter((r) => r.id !== 'golden-path-unclassified');
  for (const [message] of cases)
    expect(classRules.filter((r) => r.matchers.some((m) => m({ status: 'failed', message }))).length).toBe(1);
});
