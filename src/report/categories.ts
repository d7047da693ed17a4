// Failure classes F1–F16 (shared/design/failure-modes.md) as message patterns: Allure categories and a classifier.

export interface FailureClass {
  id: `F${number}`;
  /** The diagnosis line the class stands for. */
  name: string;
  /** Message patterns, tried only when the message carries no explicit "Likely cause: Fn". */
  patterns: readonly RegExp[];
}

/**
 * An explicit diagnosis in a message ("Likely cause: F4 …", as src/diagnosis words it) wins over every pattern,
 * for every class: a new class needs only its entry below.
 */
const ANY_LIKELY_CAUSE = /Likely cause: F\d+\b/;

const sla = (...ids: string[]): RegExp =>
  new RegExp(`SLA (?:${ids.map((i) => i.replace(/\./g, '\\.')).join('|')}) (?:breached|not measured)`);

/**
 * Ordered: the first class whose pattern matches names the failure, so specific patterns (an unreachable
 * *auth* service, an upgrade refused with 401) come before general ones (any unreachable target, any 5xx).
 */
export const FAILURE_CLASSES: readonly FailureClass[] = [
  {
    id: 'F1',
    name: 'F1 auth slow',
    patterns: [sla('auth.login.latency'), /HTTP_TIMEOUT: [^\n]*\b(?:login|token)\b/i],
  },
  {
    id: 'F2',
    name: 'F2 auth unavailable',
    // A login call that could not connect (the client names its call first: "TARGET_UNREACHABLE: login: POST …");
    // the preflight's "TARGET_UNREACHABLE: auth service …" is the whole target down, F13.
    patterns: [/AUTH_UNAVAILABLE/, /TARGET_UNREACHABLE: (?:login|token)\b/i],
  },
  {
    id: 'F4',
    name: 'F4 headers stripped between client and backend',
    patterns: [
      /WS_UPGRADE_REJECTED: [^\n]*answered 40[13]\b/,
      /WS_SUBPROTOCOL/,
      /\b1008\b[^\n]*auth/i,
      /headers? stripped/i,
    ],
  },
  {
    id: 'F3',
    name: 'F3 WebSocket handshake race',
    patterns: [
      /handshake race/i,
      /\b1011\b[^\n]*within/,
      /WS_CLOSED_BEFORE_READY/,
      sla('ws.handshake.success', 'ws.handshake.latency', 'ws.reconnect.latency'),
    ],
  },
  {
    id: 'F5',
    name: 'F5 frontend/backend protocol mismatch',
    patterns: [/frontend build mismatch/i, /UI fails where protocol passes/i, /PROFILE_MISMATCH/],
  },
  {
    id: 'F6',
    name: 'F6 readiness blocked by a dependency',
    patterns: [sla('health.ready.latency', 'health.ready.consistency'), /readiness/i],
  },
  {
    id: 'F8',
    name: 'F8 database degraded',
    patterns: [sla('infra.db.connection_time', 'infra.db.pool_utilization'), /database degraded/i],
  },
  {
    id: 'F7',
    name: 'F7 service unavailable (5xx burst, cold start)',
    patterns: [
      /WS_UPGRADE_REJECTED: [^\n]*answered 5\d\d\b/,
      sla('ws.no_internal_errors', 'health.latency'),
      /5xx burst/i,
      /service unavailable/i,
      /HTTP_STATUS: [^\n]*\b5\d\d\b/,
    ],
  },
  { id: 'F10', name: 'F10 cross-user leakage', patterns: [/isolation breach/i, /cross-user/i] },
  {
    id: 'F9',
    name: 'F9 agent events missing or out of order',
    patterns: [
      sla('agent.events.complete', 'agent.events.spread'),
      /missing event/i,
      /out of order/i,
      /AGENT_ERROR/,
    ],
  },
  {
    id: 'F11',
    name: 'F11 capacity limit',
    patterns: [sla('load.concurrent_connections', 'golden_path.success'), /capacity (?:limit|cliff)/i],
  },
  { id: 'F12', name: 'F12 deployment drift', patterns: [/version drift/i, /VERSION_DRIFT/] },
  {
    id: 'F15',
    name: 'F15 target accepts unauthenticated clients',
    patterns: [/accepts? unauthenticated/i, /auth bypass/i, /AUTH_BYPASS/],
  },
  { id: 'F16', name: 'F16 token echoed in the handshake', patterns: [/token echoed/i, /TOKEN_ECHOED/] },
  {
    id: 'F14',
    name: 'F14 silent hang (a bounded wait expired)',
    patterns: [
      /AGENT_EVENT_TIMEOUT/,
      /WS_HANDSHAKE_TIMEOUT|WS_READY_TIMEOUT|PONG_TIMEOUT|HTTP_TIMEOUT/,
      sla('golden_path.e2e', 'agent.first_event.latency', 'agent.stream.first_token', 'agent.stream.max_gap'),
      /never completes?/i,
    ],
  },
  {
    id: 'F13',
    name: 'F13 target unreachable or nothing tested',
    patterns: [/TARGET_UNREACHABLE/, /NO_TESTS_RAN/, /WS_CONNECT_FAILED/],
  },
];

/** Failures that are the harness's own, not the product's: no failure class, their own category. */
export const HARNESS_PATTERN =
  /CONFIG_MISSING|CONFIG_INVALID|PROFILE_INVALID|BROWSER_MISSING|FAULTS_UNAVAILABLE/;

/** The failure class a message names: an explicit "Likely cause: Fn" first, else the first matching pattern. */
export function classifyFailure(message: string | undefined): FailureClass | undefined {
  if (!message) return undefined;
  const explicit = ANY_LIKELY_CAUSE.exec(message)?.[0].slice('Likely cause: '.length);
  if (explicit) return FAILURE_CLASSES.find((c) => c.id === explicit);
  if (HARNESS_PATTERN.test(message)) return undefined;
  return FAILURE_CLASSES.find((c) => c.patterns.some((p) => p.test(message)));
}

/** An Allure 3 category rule (the subset of @allurereport/core-api's CategoryRule this project uses). */
export interface CategoryRule {
  id: string;
  name: string;
  matchers: Array<(d: { status: string; message?: string }) => boolean>;
  groupByMessage: boolean;
  expand?: boolean;
}

const FAILING = new Set(['failed', 'broken']);

/**
 * Allure 3 categories (allurerc.mjs): one per failure class, then the harness's own errors, then the rest.
 * A test lands in the first category that matches, so each rule repeats the classifier's decision.
 */
export function allureCategories(): CategoryRule[] {
  const failing = (d: { status: string }): boolean => FAILING.has(d.status);
  const rules: CategoryRule[] = FAILURE_CLASSES.map((c) => ({
    id: `golden-path-${c.id.toLowerCase()}`,
    name: c.name,
    matchers: [(d) => failing(d) && classifyFailure(d.message)?.id === c.id],
    groupByMessage: true,
  }));
  rules.push({
    id: 'golden-path-harness',
    name: 'Harness misconfigured',
    matchers: [
      (d) => failing(d) && classifyFailure(d.message) === undefined && HARNESS_PATTERN.test(d.message ?? ''),
    ],
    groupByMessage: true,
  });
  rules.push({
    id: 'golden-path-unclassified',
    name: 'Unclassified failures',
    matchers: [failing],
    groupByMessage: true,
  });
  return rules;
}
