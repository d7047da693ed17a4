// The self-test matrix: each failure mode of the reference target, the suites that must catch it, the class to name.
import defaultProfile from '../../profiles/default.ts';

export interface SelftestCase {
  /** GP_FAULTS spec for the reference target ('' for none). */
  mode: string;
  /** Shown in the matrix instead of the mode, when set. */
  name?: string;
  /** Playwright project (default `local`; `local-netra` and `local-lumen` run their dialects with their profiles). */
  project?: string;
  /** The run must end within this bound (fail fast, not a timeout). */
  maxMs?: number;
  /** Spec files or folders that must go red. */
  suites: string[];
  /** The failure class the diagnosis must name. */
  expect: string;
  /**
   * Workers of the child run (default 1). Each worker has its own reference target with the mode on from its start,
   * and Playwright replaces a worker after every failed test: a case where most tests fail spends its time on those
   * restarts, which two workers overlap.
   */
  workers?: number;
  /** Extra settings for the child run (kept small so silent hangs are cut quickly). */
  env?: Record<string, string>;
  grep?: string;
  /** Classes other tests may name without it being a misattribution, with the reason they are part of the mode. */
  related?: { classes: string[]; why: string };
  /**
   * A leak canary: the run keeps every report, and the case holds when a scan of everything it wrote finds no
   * password and no token — whether the run went red (for the echoed token) or green. It must have run tests.
   */
  leakScan?: true;
}

// The reference target's drop-event fault takes the wire name of the event to drop.
const TOOL_EXECUTING = defaultProfile.events.aliases.toolExecuting[0] as string;
const GP = 'tests/golden-path';
const WS = 'tests/websocket';
const INFRA = 'tests/infra';
const HOSTILE = `${WS}/hostile-input.spec.ts`;

const FIRST_DIALECT_CASES: readonly SelftestCase[] = [
  { mode: 'auth-slow:1500', suites: [`${GP}/protocol-journey.spec.ts`], expect: 'F1' },
  { mode: 'auth-down', suites: [`${GP}/protocol-journey.spec.ts`], expect: 'F2' },
  // The same outage seen through a gateway's 502: upstream (F18), not the auth service's own answer.
  { mode: 'auth-down:502', suites: [`${GP}/protocol-journey.spec.ts`], expect: 'F18' },
  {
    mode: 'ws-race-1011',
    suites: [`${WS}/repeated-handshakes.spec.ts`],
    expect: 'F3',
    env: { HANDSHAKE_COUNT: '10' },
  },
  { mode: 'ws-no-upgrade', suites: [`${GP}/protocol-journey.spec.ts`], expect: 'F17' },
  // Stripped (F4) is named by the forwarding probe; one carrier refused alone, with nothing to compare, is F32.
  ...(['strip-auth-header', 'strip-subprotocol'] as const).map((mode): SelftestCase => ({
    mode,
    suites: [`${WS}/handshake.spec.ts`, `${INFRA}/header-forwarding.spec.ts`],
    expect: 'F4',
    related: {
      classes: ['F32'],
      why: 'the test of one carrier alone sees only its own refusal: no accepted carrier, not yet proof of stripping',
    },
  })),
  { mode: 'frontend-protocol-mismatch', suites: [`${GP}/ui-journey.spec.ts`], expect: 'F5' },
  { mode: 'ready-dependency-timeout:30000', suites: [INFRA], expect: 'F6', workers: 2 },
  {
    mode: 'cold-start-5xx:10',
    suites: [INFRA],
    expect: 'F7',
    workers: 2,
    related: { classes: ['F2'], why: 'the auth service is part of the burst: a login answered 503' },
  },
  {
    // Only the run's first request fails: it must not be absorbed by a hidden warm-up or retried away.
    mode: 'cold-start-5xx:1',
    name: 'cold-start-first',
    suites: [INFRA],
    expect: 'F7',
    related: { classes: ['F2'], why: 'the first request may be a login: answered 503' },
  },
  { mode: 'db-slow:6000', suites: [INFRA], expect: 'F8', workers: 2 },
  { mode: `drop-event:${TOOL_EXECUTING}`, suites: [`${WS}/event-stream.spec.ts`], expect: 'F9' },
  { mode: 'reorder-events', suites: [`${WS}/event-stream.spec.ts`], expect: 'F9' },
  { mode: 'early-close-1000', suites: [`${GP}/protocol-journey.spec.ts`], expect: 'F9' },
  { mode: 'cross-user-leak', suites: [`${WS}/isolation.spec.ts`], expect: 'F10' },
  { mode: 'wrong-user-answer', suites: [`${GP}/multi-user.spec.ts`], expect: 'F10' },
  // The socket serves another user than the one that logged in: the protocol journey, the isolation check, the UI.
  { mode: 'serve-other-identity', suites: [`${GP}/protocol-journey.spec.ts`], expect: 'F22' },
  {
    mode: 'serve-other-identity',
    name: 'serve-other-identity-isolation',
    suites: [`${WS}/isolation.spec.ts`],
    expect: 'F22',
  },
  {
    mode: 'serve-other-identity',
    name: 'serve-other-identity-ui',
    suites: [`${GP}/ui-journey.spec.ts`],
    expect: 'F22',
  },
  { mode: 'unpaired-tool-call', suites: [`${WS}/event-stream.spec.ts`], expect: 'F9' },
  { mode: 'drop-thread-id', suites: [`${WS}/event-stream.spec.ts`], expect: 'F9' },
  {
    mode: 'capacity-cliff:20',
    suites: [`${WS}/repeated-handshakes.spec.ts`],
    expect: 'F11',
    grep: 'sequential',
  },
  { mode: 'version-drift', suites: [INFRA], expect: 'F12', workers: 2 },
  {
    mode: 'stream-never-completes',
    suites: [`${GP}/protocol-journey.spec.ts`],
    expect: 'F14',
    env: { AGENT_TIMEOUT_MS: '4000' },
  },
  // Truthful lines: the frame's size and the limit; the progress that kept coming; the silent 101; the broken body.
  { mode: 'huge-frame', suites: [`${GP}/protocol-journey.spec.ts`], expect: 'F31' },
  {
    mode: 'endless-thinking:100',
    suites: [`${GP}/protocol-journey.spec.ts`],
    expect: 'F30',
    env: { AGENT_TIMEOUT_MS: '4000' },
  },
  { mode: 'silent-101', suites: [`${GP}/protocol-journey.spec.ts`], expect: 'F14' },
  { mode: 'login-malformed-json', suites: [`${GP}/protocol-journey.spec.ts`], expect: 'F31' },
  { mode: 'auth-bypass', suites: [`${WS}/handshake.spec.ts`], expect: 'F15' },
  { mode: 'echo-token', suites: [`${WS}/handshake.spec.ts`], expect: 'F16' },
  { mode: 'login-any-password', suites: [`${GP}/bad-credentials.spec.ts`], expect: 'F15' },
  // A load balancer's idle timeout (3 s) below the think time: dropped without a close frame, the idle time named.
  {
    mode: 'idle-drop:3000',
    suites: [`${WS}/heartbeat.spec.ts`],
    expect: 'F23',
    grep: 'truly idle',
    env: { IDLE_THINK_MS: '5000' },
    maxMs: 60_000,
  },
  // Another user's question in a frame that names nobody: only the marker scan can see it.
  { mode: 'leak-marker', suites: [`${WS}/isolation.spec.ts`], expect: 'F10' },
  // Hostile input: the connection killed by an oversize frame, malformed input never answered, another user's thread served.
  { mode: 'crash-on-oversize', suites: [HOSTILE], expect: 'F24', grep: 'MiB frame|over the profile' },
  { mode: 'hang-on-malformed', suites: [HOSTILE], expect: 'F25', grep: 'malformed JSON|binary frame' },
  { mode: 'foreign-thread', suites: [HOSTILE], expect: 'F26', grep: "another user's user id" },
  // The web app's truth: its indicator read whole, its uncaught errors and its own failed requests judged.
  { mode: 'ui-not-connected', suites: [`${GP}/ui-journey.spec.ts`], expect: 'F5' },
  { mode: 'ui-page-error', suites: [`${GP}/ui-journey.spec.ts`], expect: 'F27' },
  { mode: 'ui-asset-500', suites: [`${GP}/ui-journey.spec.ts`], expect: 'F27' },
  // Token lifecycle: a refreshed token refused; reconnects refused after a network drop mid-answer.
  {
    mode: 'refresh-refused-token',
    suites: [`${WS}/token-lifecycle.spec.ts`],
    expect: 'F28',
    grep: 'refresh',
  },
  {
    mode: 'reconnect-refused:30000',
    suites: [`${WS}/reconnect.spec.ts`],
    expect: 'F29',
    grep: 'mid-answer',
    maxMs: 60_000,
  },
];

/** A first-dialect case (by its name, else its mode) run in another project, under `name` when given. */
function inProject(key: string, project: string, name?: string): SelftestCase {
  const same = FIRST_DIALECT_CASES.find((c) => (c.name ?? c.mode) === key);
  if (!same) throw new Error(`matrix: no first-dialect case for ${key}`);
  return { ...same, ...(name === undefined ? {} : { name }), project };
}

// The same failures in the second dialect: nothing in the suites knows which one runs.
const SECOND_DIALECT_MODES = [
  'auth-slow:1500',
  'ws-race-1011',
  `drop-event:${TOOL_EXECUTING}`,
  'early-close-1000',
  'cross-user-leak',
  'unpaired-tool-call',
  'drop-thread-id',
  'leak-marker',
  'crash-on-oversize',
  'hang-on-malformed',
  'foreign-thread',
  'ui-not-connected',
  'ui-page-error',
  'ui-asset-500',
  'reconnect-refused:30000',
];

export const SELFTEST_CASES: readonly SelftestCase[] = [
  ...FIRST_DIALECT_CASES,
  ...SECOND_DIALECT_MODES.map((mode) => inProject(mode, 'local-netra')),
  // The identity check in the second dialect: the protocol journey, the isolation check and the browser journey.
  ...(['serve-other-identity', 'serve-other-identity-isolation', 'serve-other-identity-ui'] as const).map(
    (key) => inProject(key, 'local-netra', `netra-${key}`),
  ),
  // The third dialect (lumen: cookie sessions, no subprotocol, server nonce pings, JSON-text frames ended by done):
  // a slow login and another identity on the socket (its journey and its isolation check; lumen has no web UI, so
  // its browser journey is n/a), a stalled answer, and a server that ignores the pings' answers.
  inProject('auth-slow:1500', 'local-lumen', 'lumen-auth-slow'),
  inProject('serve-other-identity', 'local-lumen', 'lumen-serve-other-identity'),
  inProject('serve-other-identity-isolation', 'local-lumen', 'lumen-serve-other-identity-isolation'),
  // Issue 17's checks in lumen. Not here, with the reason: foreign-thread (lumen has no threads and its frames name
  // no user: the check is n/a by the profile), refresh-refused-token (the profile declares no auth.refresh: n/a).
  ...(['leak-marker', 'crash-on-oversize', 'reconnect-refused:30000'] as const).map((key) =>
    inProject(key, 'local-lumen', `lumen-${key.split(':')[0] ?? key}`),
  ),
  // What lumen changes in these two, and no more: malformed JSON where its questions are JSON text (a binary frame
  // is the same bytes on every dialect), and its own health paths for a cold start's first answer.
  { ...inProject('hang-on-malformed', 'local-lumen', 'lumen-hang-on-malformed'), grep: 'malformed JSON' },
  {
    ...inProject('cold-start-first', 'local-lumen', 'lumen-cold-start-first'),
    suites: [`${INFRA}/health.spec.ts`],
  },
  // lumen's server pings every second in local-lumen (REF_HEARTBEAT_MS) and every ping is traffic to an LB's idle
  // timer, so a 3 s idle timeout never fires on it (its truly idle check stays green, rightly); an idle timeout below
  // the ping interval drops it, and must be named.
  {
    ...inProject('idle-drop:3000', 'local-lumen', 'lumen-idle-drop'),
    mode: 'idle-drop:700',
  },
  {
    mode: 'stream-never-completes',
    name: 'lumen-stream-never-completes',
    project: 'local-lumen',
    suites: [`${GP}/protocol-journey.spec.ts`],
    expect: 'F14',
    env: { AGENT_TIMEOUT_MS: '4000' },
  },
  {
    mode: 'ignore-pong',
    name: 'lumen-ignore-pong',
    project: 'local-lumen',
    suites: [`${WS}/heartbeat.spec.ts`],
    expect: 'F23',
    grep: "server's keepalive",
    maxMs: 60_000,
  },
  // The token echoed everywhere (bodies, frames, a header) must reach no file the run writes, in either dialect.
  ...(['local', 'local-netra'] as const).map((project): SelftestCase => ({
    mode: 'echo-token-everywhere',
    project,
    suites: [`${GP}/protocol-journey.spec.ts`, `${WS}/event-stream.spec.ts`, `${WS}/handshake.spec.ts`],
    expect: 'no leak',
    leakScan: true,
  })),
  // The wrong profile for the target fails fast, naming the first mismatch.
  {
    mode: '',
    name: 'default profile vs netra-apex dialect',
    suites: [`${GP}/protocol-journey.spec.ts`],
    expect: 'PROFILE',
    env: { REF_DIALECT: 'netra-apex' },
    maxMs: 30_000,
  },
  // A slowed login is red also when the token comes from a profile's hook (a login the hook makes itself), on every
  // dialect: the hook is timed and judged as auth.login.latency like a login strategy.
  ...(
    [
      ['local', 'default', 'hook-auth-slow'],
      ['local-netra', 'netra-apex', 'netra-hook-auth-slow'],
      ['local-lumen', 'lumen', 'lumen-hook-auth-slow'],
    ] as const
  ).map(([project, dialect, name]): SelftestCase => ({
    mode: 'auth-slow:1500',
    name,
    project,
    suites: [`${GP}/protocol-journey.spec.ts`],
    expect: 'F1',
    env: { TARGET_PROFILE: `profiles/${dialect}-token-hook.ts` },
  })),
];

/** Suites of a healthy run: every functional suite, without the specs that inject faults themselves. */
export const HEALTHY_SUITES = [GP, WS, INFRA];
/**
 * The child runs one healthy run of a project is made of. One per suite folder, so each is judged against the
 * per-case time goal and a false alarm names its suite; a project that runs only what its dialect changes
 * (local-lumen: about 30 s in all) is one child run, so its healthy run pays one Playwright start, not three.
 */
export function healthyChildRuns(project: string): { suites: string[]; workers?: number }[] {
  // One worker per suite folder it stands for: the three folders' runs had two each.
  return project === 'local-lumen'
    ? [{ suites: HEALTHY_SUITES, workers: HEALTHY_SUITES.length }]
    : HEALTHY_SUITES.map((suite) => ({ suites: [suite] }));
}
export const HEALTHY_PROJECTS = ['local', 'local-netra', 'local-lumen'];
/** Healthy runs of every dialect (issue 17: no false alarm in two healthy runs of each). */
export const HEALTHY_RUNS = 2;
