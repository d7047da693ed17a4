// One case per catalogue class, from evidence shaped as the clients record it; plus "unclassified, never a guess".
import { expect, test } from '@playwright/test';
import { causeLine } from './render.ts';
import { diagnose, seriesFinding, type Evidence, type UpgradeFact } from './diagnose.ts';
import { explain } from './index.ts';
import profile from '../../profiles/default.ts';

const [started, thinking, toolExecuting, toolCompleted, completed] = profile.events.order.map(
  (e) => profile.events.aliases[e][0] ?? e,
) as [string, string, string, string, string];
const failure = profile.events.failureTypes[0] as string;
const echo = profile.ws.echo.rule === 'exact' ? profile.ws.echo.value : '';

const open = (over: Partial<UpgradeFact> = {}): UpgradeFact => ({
  outcome: 'open',
  tokenSent: true,
  carriers: ['subprotocol', 'header'],
  offeredSubprotocol: true,
  selectedProtocol: echo,
  echoExpected: echo,
  readyArrived: true,
  ...over,
});

/** 45 s of thinking every 50 ms, never a terminal event. */
const endlessThinking: Evidence = {
  run: {
    terminal: 'none',
    eventsSeen: Array.from({ length: 900 }, () => thinking),
    openAtDeadline: true,
    waitedMs: 45_000,
    stillReceiving: { type: thinking, everyMs: 50, count: 900 },
  },
};

const cases: [string, Evidence, string][] = [
  [
    'F1 login breach',
    {
      sla: {
        id: 'auth.login.latency',
        message: 'SLA auth.login.latency breached on local: 1.6 s > 500 ms (n=1)',
      },
    },
    'F1',
  ],
  [
    'F1 login timeout',
    { http: [{ url: 'http://t/auth/login', ms: 15000, error: 'timeout', what: 'login' }] },
    'F1',
  ],
  ['F2 login 503', { http: [{ url: 'http://t/auth/login', ms: 3, status: 503, what: 'login' }] }, 'F2'],
  [
    'F3 1011 before ready',
    { upgrades: [open({ readyArrived: false, close: { code: 1011, reason: 'internal error', atMs: 12 } })] },
    'F3',
  ],
  [
    'F4 401 with the token in the header alone, while the subprotocol alone was accepted',
    {
      upgrades: [
        open({ outcome: 'rejected', status: 401, carriers: ['header'], offeredSubprotocol: false }),
        open({ carriers: ['subprotocol'] }),
      ],
    },
    'F4',
  ],
  [
    'F32 401 with a token and no evidence of a stripped header',
    {
      upgrades: [open({ outcome: 'rejected', status: 401, carriers: ['header'], offeredSubprotocol: false })],
    },
    'F32',
  ],
  ['F30 no terminal event while thinking keeps coming', endlessThinking, 'F30'],
  ['F31 frame over the limit', { oversizedFrame: { bytes: 4_194_304, limit: 1_048_576 } }, 'F31'],
  [
    'F31 login answered malformed JSON',
    {
      http: [
        {
          url: 'http://t/auth/login',
          ms: 3,
          status: 200,
          what: 'login',
          method: 'POST',
          contentType: 'application/json; charset=utf-8',
          bodyHead: '{"ok":true,"session":"[redacted]","expi',
          expectJson: true,
          jsonInvalid: true,
        },
      ],
    },
    'F31',
  ],
  ['F4 101 without echo', { upgrades: [open({ selectedProtocol: '' })] }, 'F4'],
  [
    'F5 UI fails, protocol passes',
    { ui: { failed: true, protocolPassed: true, step: 'see the chat connected' } },
    'F5',
  ],
  ['F6 readiness timeout', { health: { readyTimedOut: true, notReady: ['cache (timeout)'] } }, 'F6'],
  ['F7 5xx burst', { health: { fiveXx: 6 } }, 'F7'],
  ['F7 upgrade 503', { upgrades: [open({ outcome: 'rejected', status: 503 })] }, 'F7'],
  ['F8 database degraded', { health: { dbStatus: 'degraded', dbConnectionMs: 6100 } }, 'F8'],
  [
    'F8 agent failed on the database',
    {
      run: {
        terminal: 'failure',
        eventsSeen: [started, failure],
        failureText: `{"type":"${failure}","code":"database_unavailable"}`,
      },
    },
    'F8',
  ],
  [
    'F9 missing event',
    {
      run: {
        terminal: 'completed',
        eventsSeen: [started, thinking, toolCompleted, completed],
        violations: [
          { rule: 'missing-event', message: `missing ${toolExecuting} after ${thinking} (event #1)` },
        ],
      },
    },
    'F9',
  ],
  [
    'F9 closed 1000 mid-run',
    {
      run: {
        terminal: 'none',
        eventsSeen: [started, toolCompleted],
        closedMidRun: { code: 1000, reason: '' },
      },
    },
    'F9',
  ],
  [
    'F10 foreign event',
    { isolation: { breach: 'isolation breach: user1 received an event of user2' } },
    'F10',
  ],
  [
    'F11 capacity cliff',
    {
      upgrades: [
        open({ index: 0 }),
        open({ index: 1 }),
        open({ index: 2, readyArrived: false, close: { code: 1011, reason: 'overloaded', atMs: 5 } }),
        open({ index: 3, readyArrived: false, close: { code: 1011, reason: 'overloaded', atMs: 4 } }),
      ],
    },
    'F11',
  ],
  ['F12 versions differ', { health: { versions: { api: '1.4.3', auth: '1.4.2', web: '1.4.2' } } }, 'F12'],
  [
    'F13 unreachable',
    {
      error: {
        code: 'TARGET_UNREACHABLE',
        message: 'TARGET_UNREACHABLE: login: POST http://127.0.0.1:9/auth/login failed: connection refused',
      },
    },
    'F13',
  ],
  [
    'F14 silent run',
    { run: { terminal: 'none', eventsSeen: [started, thinking], openAtDeadline: true } },
    'F14',
  ],
  [
    'F15 accepted without a token',
    { refusal: { accepted: true, what: 'no token', shape: 'accepted' } },
    'F15',
  ],
  [
    'F15 one identity for two users',
    { isolation: { sharedIdentity: 'user1 and user2 are both "demo-user"' } },
    'F15',
  ],
  [
    'F16 token echoed',
    { upgrades: [open({ echoCarriesToken: true, selectedProtocol: 'jwt.[token]' })] },
    'F16',
  ],
  [
    'an echoed token does not explain a slow handshake',
    {
      upgrades: [open({ echoCarriesToken: true, selectedProtocol: 'jwt.[token]' })],
      sla: {
        id: 'ws.handshake.latency',
        message: 'SLA ws.handshake.latency breached on local: 1.2 s > 1.0 s',
      },
    },
    'F1',
  ],
  [
    'an echoed token does not explain a silent run',
    {
      upgrades: [open({ echoCarriesToken: true, selectedProtocol: 'jwt.[token]' })],
      run: { terminal: 'none', eventsSeen: ['started'], openAtDeadline: true },
    },
    'F14',
  ],
  [
    'profile mismatch',
    {
      error: {
        code: 'PROFILE_MISMATCH',
        message: 'PROFILE_MISMATCH: first frame does not match the ready frame (type=connection_established)',
      },
    },
    'PROFILE',
  ],
];

for (const [name, evidence, expected] of cases) {
  test(`diagnoses ${name} as ${expected}`, () => {
    const d = diagnose(evidence);
    expect(d.class, causeLine(d)).toBe(expected);
    expect(d.code).toMatch(/^[a-z0-9.-]+$/);
  });
}

test('a failure without evidence is unclassified, with what was seen — never a guess', () => {
  const d = diagnose({ error: { message: 'Error: expect(received).toBe(expected)' } });
  expect(d.class).toBe('unclassified');
  expect(causeLine(d)).toBe('Likely cause: unclassified — Error: expect(received).toBe(expected)');
});

test('messages are what happened, and every cause line fits in 200 characters', () => {
  const endless = diagnose(endlessThinking);
  expect(endless.summary).toBe(
    `no terminal event after 45.0s; still receiving ${thinking} every 50 ms (900 of them)`,
  );
  expect(diagnose({ oversizedFrame: { bytes: 4_194_304, limit: 1_048_576 } }).summary).toMatch(
    /^frame of 4194304 bytes exceeded the limit 1048576/,
  );
  const silent = diagnose({
    run: { terminal: 'none', eventsSeen: Array.from({ length: 900 }, () => thinking), openAtDeadline: true },
  });
  expect(silent.summary).toContain(`${thinking} ×900`);
  for (const [, evidence] of cases) expect(causeLine(diagnose(evidence)).length).toBeLessThanOrEqual(200);
  const long = diagnose({ error: { message: 'x'.repeat(5000) } });
  expect(causeLine(long).length).toBeLessThanOrEqual(200);
});

test('a deliberately bad token refused with 401 is not blamed on the load balancer', () => {
  const d = diagnose({ upgrades: [open({ outcome: 'rejected', status: 401, tokenBad: true })] });
  expect(d.class).toBe('unclassified');
});

test('explain appends the line only when a class is named', () => {
  expect(explain('plain', {})).toBe('plain');
  expect(
    explain('closed', {
      upgrades: [open({ readyArrived: false, close: { code: 1011, reason: '', atMs: 3 } })],
    }),
  ).toContain('\nLikely cause: F3');
});

test('a series: the first K held then one unbroken run failed is a capacity limit (F11); scattered 1011s are a race (F3)', () => {
  const series = (pattern: string) =>
    seriesFinding([...pattern].map((c) => ({ failed: c === 'x', closed1011: c === 'x' })))?.class;
  // Seen under load: 20 held, 18 refused, then slots freed as earlier connections went.
  expect(series(`${'.'.repeat(20)}${'x'.repeat(18)}${'.'.repeat(12)}`)).toBe('F11');
  expect(series(`${'.'.repeat(20)}${'x'.repeat(30)}`)).toBe('F11');
  expect(series('..x..x...x')).toBe('F3');
  expect(series('xxxxxxxxxx')).toBe('F3');
  expect(series('..........')).toBeUndefined();
});
