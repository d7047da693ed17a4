// What a product offers, as its profile states it: each capability is declared in `capabilities` or derived from
// the fields that already say it; a check whose capability is absent is n/a, reported one way (docs/profile.md).
// Pure and free of Node imports: the load bundle and doctor read it as the suites do.
import type { Profile } from '../../profiles/define.ts';
import type { SlaId } from './sla-table.ts';

/** Type of the structured annotation an n/a test carries (its description is the n/a reason). */
export const NA_ANNOTATION = 'n/a';

export const CAPABILITY_NAMES = [
  'webUi',
  'authEnforced',
  'passwordLogin',
  'headerAuth',
  'subprotocolAuth',
  'jwt',
  'expiredTokenRefusal',
  'threads',
  'ownStreamPerSocket',
  'toolEvents',
  'agentNames',
  'eventIds',
  'quotesQuestion',
  'serverKeepalive',
  'infraStatus',
  'databaseStatus',
  'versionEndpoint',
  'cors',
  'tls',
] as const;

export type Capability = (typeof CAPABILITY_NAMES)[number];
export type Capabilities = Readonly<Record<Capability, boolean>>;

/** Capabilities the fields already state fully: read from them, never declared in `capabilities` (no two sources). */
export const DERIVED_ONLY = [
  'authEnforced',
  'passwordLogin',
  'toolEvents',
  'agentNames',
  'eventIds',
  'quotesQuestion',
  'serverKeepalive',
] as const;
/** Capabilities a profile may declare in its `capabilities` section. */
export type DeclaredCapability = Exclude<Capability, (typeof DERIVED_ONLY)[number]>;

export interface CapabilitySpec {
  /** What the product offers when it is present. */
  meaning: string;
  /** Where its value comes from when `capabilities` does not declare it (docs/profile.md shows this). */
  default: string;
  derive(profile: Profile): boolean;
  /** Whole tests that are n/a without it (`file › title`, as the suites name them). */
  tests: readonly string[];
  /** SLAs of the table that are n/a without it. */
  slas: readonly SlaId[];
  /** Parts of other checks it changes (not whole tests). */
  parts?: string;
}

const carrier = (p: Profile, kind: string): boolean => p.ws.carriers.some((c) => c.kind === kind);
const requiredField = (p: Profile, field: string): boolean =>
  Object.values(p.events.required).some((fields) => (fields as readonly string[]).includes(field));

const REFUSALS = 'tests/websocket/handshake.spec.ts › bad credentials are refused';

export const CAPABILITIES: Readonly<Record<Capability, CapabilitySpec>> = {
  webUi: {
    meaning: 'a browser UI the journey can drive',
    default: 'true when the profile has a `ui` section',
    derive: (p) => p.ui !== undefined,
    tests: ['tests/golden-path/ui-journey.spec.ts'],
    slas: [],
  },
  authEnforced: {
    meaning: 'each user gets its own identity; bad credentials are refused',
    default: 'the top-level `authEnforced` field',
    derive: (p) => p.authEnforced,
    tests: [
      'tests/golden-path/bad-credentials.spec.ts',
      'tests/golden-path/multi-user.spec.ts › two users run journeys concurrently',
      "tests/golden-path/multi-user.spec.ts › a token of user A cannot read user B's thread",
      'tests/websocket/isolation.spec.ts',
      "tests/websocket/hostile-input.spec.ts › a message naming another user's user id and thread id",
      REFUSALS,
    ],
    slas: [],
  },
  passwordLogin: {
    meaning: 'users log in with a password (a `login` strategy), so a wrong one can be tried',
    default: 'true when `auth.strategies` has a `login` strategy',
    derive: (p) => p.auth.strategies.some((s) => s.kind === 'login'),
    tests: ['tests/golden-path/bad-credentials.spec.ts'],
    slas: [],
  },
  headerAuth: {
    meaning: 'the socket authenticates by a header alone',
    default: 'true when `ws.carriers` lists a header carrier',
    derive: (p) => carrier(p, 'header'),
    tests: [
      'tests/websocket/handshake.spec.ts › Authorization header alone authenticates',
      'tests/infra/header-forwarding.spec.ts (when there is no subprotocolAuth either)',
    ],
    slas: [],
  },
  subprotocolAuth: {
    meaning: 'the socket authenticates by a subprotocol entry, and the server echoes one',
    default: 'true when `ws.carriers` lists a subprotocol carrier',
    derive: (p) => carrier(p, 'subprotocol'),
    tests: [
      'tests/websocket/handshake.spec.ts › subprotocol alone authenticates',
      'tests/websocket/handshake.spec.ts › the echoed subprotocol never carries the token',
      'tests/websocket/handshake.spec.ts › a subprotocol entry with the raw',
      'tests/websocket/handshake.spec.ts › bad credentials are refused › malformed subprotocol entry',
    ],
    slas: [],
  },
  jwt: {
    meaning: 'tokens are JWTs (a signature the harness can tamper with)',
    default: 'true (false for opaque tokens)',
    derive: () => true,
    tests: ['tests/websocket/handshake.spec.ts › bad credentials are refused › bad signature'],
    slas: [],
  },
  expiredTokenRefusal: {
    meaning: 'an expired token can be built or is supplied, and is refused',
    default: 'the value of `jwt`',
    derive: () => true,
    tests: ['tests/websocket/handshake.spec.ts › bad credentials are refused › expired token'],
    slas: [],
  },
  threads: {
    meaning: 'runs belong to threads whose id a frame carries',
    default: '`events.threads`, true when unset',
    derive: (p) => p.events.threads ?? true,
    tests: [
      'tests/golden-path/multi-user.spec.ts › a second question in the same thread keeps the thread id',
      "tests/golden-path/multi-user.spec.ts › a token of user A cannot read user B's thread",
      "tests/websocket/hostile-input.spec.ts › a message naming another user's user id and thread id",
    ],
    slas: [],
    parts: 'two questions in a row: thread continuity is judged only when present',
  },
  ownStreamPerSocket: {
    meaning:
      "each socket of a user gets only its own turns (not every socket of that user, as a fan-out product's)",
    default: 'true',
    derive: () => true,
    tests: [
      'tests/websocket/event-stream.spec.ts › a second connection of the same user gets its own stream',
    ],
    slas: [],
  },
  toolEvents: {
    meaning: 'the agent reports tool calls',
    default: '`events.order` lists `toolExecuting`',
    derive: (p) => p.events.order.includes('toolExecuting'),
    tests: [],
    slas: [],
    parts: 'the event sequence requires tool events only when present',
  },
  agentNames: {
    meaning: 'events carry the agent name',
    default: '`events.required` lists `agentName`',
    derive: (p) => requiredField(p, 'agentName'),
    tests: [],
    slas: [],
    parts: 'event fields: the agent name is required only when present',
  },
  eventIds: {
    meaning: 'events carry an id of their own',
    default: '`events.required` lists `eventId`',
    derive: (p) => requiredField(p, 'eventId'),
    tests: [],
    slas: [],
    parts: 'event fields: the event id is required only when present',
  },
  quotesQuestion: {
    meaning: 'the answer quotes the question, so an escaped question is seen arriving intact',
    default: "`probe.relevance` is `'quotes'`",
    derive: (p) => p.probe.relevance === 'quotes',
    tests: [
      'tests/websocket/event-stream.spec.ts › a question with quotes, backslashes, newlines and emoji arrives intact',
    ],
    slas: [],
  },
  serverKeepalive: {
    meaning: 'the server sends keepalive pings the client must answer',
    default: 'true when `ws.keepAlive.autoReply` is set',
    derive: (p) => p.ws.keepAlive.autoReply !== undefined,
    tests: [
      "tests/websocket/heartbeat.spec.ts › the server's keepalive pings are answered and the connection outlives them",
    ],
    slas: [],
  },
  infraStatus: {
    meaning: 'an infrastructure endpoint (database, cache, auth service)',
    default: 'true when `health.api.infrastructure` is set',
    derive: (p) => p.health.api.infrastructure !== undefined,
    tests: [
      'tests/infra/infrastructure.spec.ts',
      'tests/infra/infra-detects-faults.spec.ts › F8 slow database connection',
    ],
    slas: ['infra.db.connection_time', 'infra.db.pool_utilization'],
  },
  databaseStatus: {
    meaning: 'the infrastructure endpoint reports the database status and connection time',
    default: 'the value of `infraStatus`',
    derive: (p) => p.health.api.infrastructure !== undefined,
    tests: ['tests/infra/infra-detects-faults.spec.ts › F8 slow database connection'],
    slas: ['infra.db.connection_time', 'infra.db.pool_utilization'],
  },
  versionEndpoint: {
    meaning: 'services report their version (and commit)',
    default: 'true when `health.api.version` is set',
    derive: (p) => p.health.api.version !== undefined,
    tests: [
      'tests/infra/version-drift.spec.ts',
      'tests/infra/infra-detects-faults.spec.ts › F12 version drift',
      'tests/infra/infra-detects-faults.spec.ts › F12 EXPECTED_VERSION set and not deployed',
    ],
    slas: [],
  },
  cors: {
    meaning: "the API and the auth service answer the browser's preflights",
    default: 'the value of `webUi` (no browser, no preflight)',
    derive: (p) => p.ui !== undefined,
    tests: ['tests/infra/cors.spec.ts'],
    slas: [],
  },
  tls: {
    meaning: 'the target is served over https (plain-http origins are n/a as well)',
    default: 'true',
    derive: () => true,
    tests: ['tests/infra/tls.spec.ts'],
    slas: ['tls.cert.days_left'],
  },
};

/** Capabilities whose default is another capability's value (resolved after the others). */
const FOLLOWS: Partial<Record<DeclaredCapability, DeclaredCapability>> = {
  expiredTokenRefusal: 'jwt',
  databaseStatus: 'infraStatus',
  cors: 'webUi',
};

/** Every capability of the profile: declared, else derived from its fields (or from the one it follows). */
export function capabilitiesOf(profile: Profile): Capabilities {
  const declared = (profile.capabilities ?? {}) as Partial<Record<Capability, boolean>>;
  const out = {} as Record<Capability, boolean>;
  for (const name of CAPABILITY_NAMES) {
    if (name in FOLLOWS) continue;
    out[name] = declared[name] ?? CAPABILITIES[name].derive(profile);
  }
  for (const [name, leader] of Object.entries(FOLLOWS) as Array<[DeclaredCapability, DeclaredCapability]>)
    out[name] = declared[name] ?? out[leader];
  return out;
}

/** The one wording of n/a, everywhere: `n/a: <capability> (profile <name>)`, then why when more is known. */
export function notApplicableReason(
  profile: Pick<Profile, 'name'>,
  capability: Capability,
  detail?: string,
): string {
  return `n/a: ${capability} (profile ${profile.name})${detail ? ` — ${detail}` : ''}`;
}

/** SLAs of the table this profile cannot measure, each with its n/a reason. */
export function notApplicableSlas(profile: Profile): Array<{ id: SlaId; reason: string }> {
  const caps = capabilitiesOf(profile);
  const out = new Map<SlaId, string>();
  for (const name of CAPABILITY_NAMES) {
    if (caps[name]) continue;
    for (const id of CAPABILITIES[name].slas)
      if (!out.has(id)) out.set(id, notApplicableReason(profile, name));
  }
  return [...out].map(([id, reason]) => ({ id, reason }));
}

/** The checks × capabilities table of docs/profile.md (a unit test keeps the doc equal to this). */
export function capabilityTable(): string {
  const declared = (name: Capability): boolean => !(DERIVED_ONLY as readonly string[]).includes(name);
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = CAPABILITY_NAMES.map((name) => {
    const c = CAPABILITIES[name];
    const checks = [
      ...c.tests.map((t) => `\`${cell(t)}\``),
      ...c.slas.map((s) => `SLA \`${s}\``),
      ...(c.parts ? [cell(c.parts)] : []),
    ];
    return `| \`${name}\` | ${declared(name) ? 'yes' : 'no'} | ${cell(c.meaning)} | ${cell(c.default)} | ${checks.join('<br>')} |`;
  });
  return [
    '| capability | in `capabilities` | the product offers | default when not declared | n/a without it |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
