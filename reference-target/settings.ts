// The reference target's own settings: read from the environment once, validated by hand, defaults filled in.
//
// The variables are listed once, in VARIABLES (what `npm run target -- --help` prints; README.md has the same list).
import { randomBytes } from 'node:crypto';
import { RefTargetError, SettingsError } from './errors.ts';
import { parseFaultSpec } from './faults/fault-spec.ts';

/** Every variable the target reads (all optional), its meaning and (default). */
export const VARIABLES = `  REF_HOST            interface to bind (127.0.0.1)
  REF_PORT            port; 0 = a free port (8787)
  REF_DIALECT         wire dialect: default | netra-apex | lumen (default)
  REF_USERS           comma list of email:password (alice@golden-path.test:alice-local-pass,bob@golden-path.test:bob-local-pass)
  REF_JWT_SECRET      HS256 signing secret (random per start)
  REF_TOKEN_TTL_S     access token (lumen: session) lifetime in seconds (3600)
  REF_PHASE_DELAY_MS  per-phase agent delay range min-max in ms, picked by a seeded PRNG (100-300)
  REF_STREAM_CHUNKS   stream_chunk frames per answer; 0 disables streaming (lumen: 1 or more) (4)
  REF_MAX_FRAME_BYTES largest inbound WebSocket frame; larger closes 1009 (65536)
  REF_VERSION         version every service reports (1.4.2)
  REF_COMMIT          commit id every service reports (3f9c2a1)
  REF_ADMIN_TOKEN     bearer token guarding /__admin/faults (random per start; never logged)
  REF_LOG             silent | info; logs go to stderr (info)
  REF_HEARTBEAT_MS    netra-apex heartbeat interval when the client is quiet; lumen ping interval (10000)
  REF_UI_TOKEN_STORE  default dialect: where the web app keeps its token: sessionStorage | localStorage | cookie | url (sessionStorage)
  REF_SEED            seed of every pseudo-random pick (delays, fault probabilities), for reproducible runs (1)
  GP_FAULTS           failure modes switched on at start, e.g. auth-slow:1200,drop-event:tool_completed ("")
`;

export const DIALECT_NAMES = ['default', 'netra-apex', 'lumen'] as const;
export type DialectName = (typeof DIALECT_NAMES)[number];
export type LogLevel = 'silent' | 'info';
export const TOKEN_STORES = ['sessionStorage', 'localStorage', 'cookie', 'url'] as const;
export type TokenStore = (typeof TOKEN_STORES)[number];

export interface UserSeed {
  readonly email: string;
  readonly password: string;
}

export interface Settings {
  readonly host: string;
  readonly port: number;
  readonly dialect: DialectName;
  readonly users: readonly UserSeed[];
  readonly jwtSecret: string;
  readonly tokenTtlS: number;
  readonly phaseDelayMs: readonly [number, number];
  readonly streamChunks: number;
  readonly maxFrameBytes: number;
  readonly version: string;
  readonly commit: string;
  readonly adminToken: string;
  readonly faults: string;
  readonly log: LogLevel;
  readonly heartbeatMs: number;
  readonly seed: number;
  readonly uiTokenStore: TokenStore;
}

const DEFAULT_USERS = 'alice@golden-path.test:alice-local-pass,bob@golden-path.test:bob-local-pass';

function defaults(): Settings {
  return {
    host: '127.0.0.1',
    port: 8787,
    dialect: 'default',
    users: parseUsers(DEFAULT_USERS, 'REF_USERS'),
    jwtSecret: randomBytes(32).toString('base64url'),
    tokenTtlS: 3600,
    phaseDelayMs: [100, 300],
    streamChunks: 4,
    maxFrameBytes: 65_536,
    version: '1.4.2',
    commit: '3f9c2a1',
    adminToken: randomBytes(24).toString('base64url'),
    faults: '',
    log: 'info',
    heartbeatMs: 10_000,
    seed: 1,
    uiTokenStore: 'sessionStorage',
  };
}

function int(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw.trim())) throw new SettingsError(`${name}="${raw}" is not a whole number`);
  const n = Number(raw);
  if (n < min || n > max) throw new SettingsError(`${name}=${n} is outside ${min}-${max}`);
  return n;
}

function parseUsers(raw: string, name: string): UserSeed[] {
  const users = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((pair, i) => {
      const colon = pair.indexOf(':');
      const email = colon === -1 ? '' : pair.slice(0, colon).trim();
      const password = colon === -1 ? '' : pair.slice(colon + 1);
      // Never echo the entry itself: it holds a password.
      if (!/^[^@\s]+@[^@\s]+$/.test(email) || password === '') {
        throw new SettingsError(`${name} entry #${i + 1} is not email:password`);
      }
      return { email: email.toLowerCase(), password };
    });
  if (users.length === 0) throw new SettingsError(`${name} names no users`);
  return users;
}

function parseRange(name: string, raw: string): [number, number] {
  const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(raw);
  if (!m?.[1] || !m[2]) throw new SettingsError(`${name}="${raw}" is not a range like 100-600`);
  const lo = Number(m[1]);
  const hi = Number(m[2]);
  if (lo > hi || hi > 600_000) throw new SettingsError(`${name}="${raw}" needs min <= max <= 600000`);
  return [lo, hi];
}

function oneOf<T extends string>(name: string, raw: string, allowed: readonly T[]): T {
  const hit = allowed.find((a) => a === raw.trim());
  if (hit === undefined) throw new SettingsError(`${name}="${raw}" must be one of ${allowed.join(' | ')}`);
  return hit;
}

/** Checks a complete settings object (also the one a unit test assembles); throws SettingsError. */
export function validateSettings(s: Settings): Settings {
  const fail = (what: string): never => {
    throw new SettingsError(what);
  };
  if (!Number.isInteger(s.port) || s.port < 0 || s.port > 65_535) fail(`port ${s.port} is outside 0-65535`);
  if (!DIALECT_NAMES.includes(s.dialect)) fail(`dialect "${String(s.dialect)}" is unknown`);
  if (s.users.length === 0) fail('users is empty');
  if (s.jwtSecret.length < 16) fail('jwtSecret is shorter than 16 characters');
  if (s.adminToken.length < 8) fail('adminToken is shorter than 8 characters');
  const [lo, hi] = s.phaseDelayMs;
  if (!(lo >= 0 && lo <= hi)) fail(`phaseDelayMs [${lo}, ${hi}] needs 0 <= min <= max`);
  if (!(s.tokenTtlS >= 1)) fail('tokenTtlS must be >= 1');
  if (!(s.streamChunks >= 0 && s.streamChunks <= 200)) fail('streamChunks must be 0-200');
  // lumen's answer travels only as deltas: with none, there would be no answer on the wire at all.
  if (s.dialect === 'lumen' && s.streamChunks === 0)
    fail('REF_STREAM_CHUNKS must be >= 1 with REF_DIALECT=lumen');
  if (!(s.maxFrameBytes >= 256)) fail('maxFrameBytes must be >= 256');
  if (!(s.heartbeatMs >= 50)) fail('heartbeatMs must be >= 50');
  parseFaultSpec(s.faults);
  return s;
}

/** Defaults overlaid with a partial object (unit tests start the server in-process this way). */
export function resolveSettings(overrides: Partial<Settings> = {}): Settings {
  const merged = { ...defaults(), ...overrides };
  return validateSettings(merged);
}

/** Reads REF_* and GP_FAULTS; a bad value throws a one-line SettingsError naming the variable. */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): Settings {
  const base = defaults();
  const get = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v;
  };
  const read = <T>(name: string, parse: (raw: string) => T, fallback: T): T => {
    const raw = get(name);
    return raw === undefined ? fallback : parse(raw);
  };
  const faults = read('GP_FAULTS', (raw) => raw.trim(), '');
  try {
    parseFaultSpec(faults);
  } catch (err) {
    throw new SettingsError(`GP_FAULTS: ${err instanceof RefTargetError ? err.detail : String(err)}`);
  }
  return validateSettings({
    host: read('REF_HOST', (raw) => raw.trim(), base.host),
    port: read('REF_PORT', (raw) => int('REF_PORT', raw, 0, 65_535), base.port),
    dialect: read('REF_DIALECT', (raw) => oneOf('REF_DIALECT', raw, DIALECT_NAMES), base.dialect),
    users: read('REF_USERS', (raw) => parseUsers(raw, 'REF_USERS'), base.users),
    jwtSecret: read(
      'REF_JWT_SECRET',
      (raw) => {
        if (raw.length < 16) throw new SettingsError('REF_JWT_SECRET is shorter than 16 characters');
        return raw;
      },
      base.jwtSecret,
    ),
    tokenTtlS: read('REF_TOKEN_TTL_S', (raw) => int('REF_TOKEN_TTL_S', raw, 1, 31_536_000), base.tokenTtlS),
    phaseDelayMs: read(
      'REF_PHASE_DELAY_MS',
      (raw) => parseRange('REF_PHASE_DELAY_MS', raw),
      base.phaseDelayMs,
    ),
    streamChunks: read(
      'REF_STREAM_CHUNKS',
      (raw) => int('REF_STREAM_CHUNKS', raw, 0, 200),
      base.streamChunks,
    ),
    maxFrameBytes: read(
      'REF_MAX_FRAME_BYTES',
      (raw) => int('REF_MAX_FRAME_BYTES', raw, 256, 104_857_600),
      base.maxFrameBytes,
    ),
    version: read('REF_VERSION', (raw) => raw.trim(), base.version),
    commit: read(
      'REF_COMMIT',
      (raw) => {
        if (!/^[0-9a-f]{7,40}$/i.test(raw.trim()))
          throw new SettingsError(`REF_COMMIT="${raw}" is not 7-40 hex digits`);
        return raw.trim();
      },
      base.commit,
    ),
    adminToken: read(
      'REF_ADMIN_TOKEN',
      (raw) => {
        if (raw.length < 8) throw new SettingsError('REF_ADMIN_TOKEN is shorter than 8 characters');
        return raw;
      },
      base.adminToken,
    ),
    faults,
    log: read('REF_LOG', (raw) => oneOf('REF_LOG', raw, ['silent', 'info'] as const), base.log),
    heartbeatMs: read(
      'REF_HEARTBEAT_MS',
      (raw) => int('REF_HEARTBEAT_MS', raw, 50, 3_600_000),
      base.heartbeatMs,
    ),
    seed: read('REF_SEED', (raw) => int('REF_SEED', raw, 0, 4_294_967_295), base.seed),
    uiTokenStore: read(
      'REF_UI_TOKEN_STORE',
      (raw) => oneOf('REF_UI_TOKEN_STORE', raw, TOKEN_STORES),
      base.uiTokenStore,
    ),
  });
}
