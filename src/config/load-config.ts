// Builds the one typed Config of an environment: env files → zod → profile → SLA table. Fails with one line.
import type { Profile } from '../../profiles/define.ts';
import { readEnvironment } from './env-files.ts';
import { ConfigError } from './errors.ts';
import { applyProfileOverrides } from './profile-overrides.ts';
import { loadProfile } from './profile-loader.ts';
import { profileSecrets } from './profile-secrets.ts';
import { registerUrlSecrets, Secret } from './secret.ts';
import { LOCAL_DEFAULTS, SECRET_SETTINGS, settingsSchema, type Settings } from './settings.ts';
import { buildSlaTable, SlaTableError, type SlaTable } from './sla-table.ts';
import { defaultAgentTimeoutMs } from './timeout-defaults.ts';

export interface TestUser {
  /** Label used in messages: `user1`, `user2`. */
  label: string;
  email?: string;
  /** TEST_USER_USERNAME; templates fall back to the email's local part. */
  username?: string;
  /** Extra credential fields for login templates: TEST_USER_FIELD_TENANT=acme is `{{tenant}}`. */
  fields?: Readonly<Record<string, string>>;
  password?: Secret;
  token?: Secret;
}

export interface Config {
  environment: string;
  /** true when the harness runs against its own reference target. */
  local: boolean;
  /** The defaults a local run's settings started from (the seeded users, what the target announced); {} otherwise. */
  localDefaults: Readonly<Record<string, string>>;
  urls: { web: string; api: string; auth: string; ws: string };
  profile: Profile;
  profileFile: string;
  users: readonly [TestUser, TestUser];
  /** ISOLATION_USERS users for the K-user isolation check; a ConfigError when their settings are missing. */
  isolationUsers(): TestUser[];
  timeouts: {
    connectMs: number;
    requestMs: number;
    agentMs: number;
    settleMs: number;
    idleWindowMs: number;
  };
  sla: SlaTable;
  /** Validated settings; secret ones are blanked here and live in `secrets`. */
  settings: Settings;
  secrets: Readonly<Record<string, Secret>>;
  /** The file a user edits for this environment, and the files actually read. */
  envFile: string;
  filesRead: readonly string[];
}

export interface LoadOptions {
  environment: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Settings that win over the env files and the process environment (a project's own, a local secret). */
  overrides?: Readonly<Record<string, string>>;
  /** For `local`: the base URL of the reference target the harness started. */
  localBaseUrl?: string;
  /** For `local`: settings the target announced of itself (its auth service's health path), under every file. */
  targetDefaults?: Readonly<Record<string, string>>;
}

const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,31}$/;

export async function loadConfig(options: LoadOptions): Promise<Config> {
  const { environment } = options;
  const cwd = options.cwd ?? process.cwd();
  if (!ENVIRONMENT_NAME.test(environment)) {
    throw new ConfigError(
      'CONFIG_INVALID',
      `environment "${environment}" is not a valid name (lower-case letters, digits, dashes)`,
    );
  }
  const source = readEnvironment(environment, cwd, { ...(options.env ?? process.env), ...options.overrides });
  const local = options.localBaseUrl !== undefined;
  const localDefaults = local ? { ...LOCAL_DEFAULTS, ...options.targetDefaults } : {};
  const raw: Record<string, string> = { ...localDefaults, ...source.values };
  if (local) {
    // The reference target the harness started is the target: its URL wins over any file.
    raw.WEB_URL = raw.API_URL = raw.AUTH_URL = options.localBaseUrl as string;
    delete raw.WS_URL;
  }
  const settings = parseSettings(raw, environment, source.envFile, source.origin);

  const { profile: loaded, file: profileFile } = await loadProfile(
    settings.TARGET_PROFILE,
    cwd,
    source.envFile,
  );
  const profile = applyProfileOverrides(loaded, raw);

  const users = buildUsers(settings, environment, source.envFile, raw);
  // Taken now: the secret settings are removed from `settings` below.
  const iso: IsolationSettings = {
    ISOLATION_USERS: settings.ISOLATION_USERS,
    ISOLATION_USER_CREDENTIALS: settings.ISOLATION_USER_CREDENTIALS,
    ISOLATION_USER_EMAIL_PATTERN: settings.ISOLATION_USER_EMAIL_PATTERN,
    ISOLATION_USER_PASSWORD: settings.ISOLATION_USER_PASSWORD,
  };
  const isolationUsers = (): TestUser[] =>
    buildIsolationUsers(iso, `environment "${environment}"`, source.envFile);
  const secrets: Record<string, Secret> = {};
  for (const name of SECRET_SETTINGS) {
    const value = (settings as Record<string, unknown>)[name];
    if (typeof value === 'string') secrets[name] = new Secret(value);
    delete (settings as Record<string, unknown>)[name];
  }
  // Settings only the profile knows (a mint secret, a bypass key): the schema dropped them, so read them raw.
  for (const [name, secret] of Object.entries(profileSecrets(profile, raw))) secrets[name] ??= secret;
  let sla: SlaTable;
  try {
    sla = buildSlaTable(settings as unknown as Record<string, number | undefined>);
  } catch (error) {
    if (error instanceof SlaTableError)
      throw new ConfigError('CONFIG_INVALID', `${error.message}; set in ${source.envFile}`);
    throw error;
  }
  const e2e = sla['golden_path.e2e'].target;
  const agentMs = settings.AGENT_TIMEOUT_MS ?? defaultAgentTimeoutMs(e2e, settings.TARGET_AGENT_TIMEOUT_MS);

  for (const url of [settings.WEB_URL, settings.API_URL, settings.AUTH_URL, settings.WS_URL])
    registerUrlSecrets(url);
  return {
    environment,
    local,
    localDefaults,
    urls: {
      web: trimSlash(settings.WEB_URL),
      api: trimSlash(settings.API_URL),
      auth: trimSlash(settings.AUTH_URL),
      ws: settings.WS_URL ?? wsUrlFrom(settings.API_URL, profile.ws.path),
    },
    profile,
    profileFile,
    users,
    isolationUsers,
    timeouts: {
      connectMs: settings.CONNECT_TIMEOUT_MS,
      requestMs: settings.REQUEST_TIMEOUT_MS,
      agentMs,
      settleMs: settings.SETTLE_MS,
      idleWindowMs: settings.IDLE_WINDOW_MS,
    },
    sla,
    settings,
    secrets,
    envFile: source.envFile,
    filesRead: source.filesRead,
  };
}

function parseSettings(
  raw: Record<string, string>,
  environment: string,
  envFile: string,
  origin: Record<string, string>,
): Settings {
  const result = settingsSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const variable = String(issue?.path[0] ?? 'unknown');
  const value = raw[variable];
  if (value === undefined) {
    throw new ConfigError(
      'CONFIG_MISSING',
      `${variable} is not set for environment "${environment}"; set it in ${envFile} (see .env.example)`,
    );
  }
  const shown = SECRET_SETTINGS.has(variable) ? '' : `="${value}"`;
  const from = origin[variable] ?? envFile;
  const where = from === 'process env' ? `the process environment (or ${envFile})` : from;
  throw new ConfigError(
    'CONFIG_INVALID',
    `${variable}${shown} is invalid for environment "${environment}" (${issue?.message ?? 'invalid'}); fix it in ${where}`,
  );
}

/** `TEST_USER_FIELD_<NAME>` settings of one user: `{{name}}` (lower case) in login templates. */
function credentialFields(raw: Readonly<Record<string, string>>, prefix: string): Record<string, string> {
  const head = `${prefix}_FIELD_`;
  return Object.fromEntries(
    Object.entries(raw)
      .filter(([k, v]) => k.startsWith(head) && v !== '')
      .map(([k, v]) => [k.slice(head.length).toLowerCase(), v]),
  );
}

/**
 * The K users of the isolation check: the first ISOLATION_USERS of ISOLATION_USER_CREDENTIALS, else the email
 * pattern with `{i}` = 1…K and its password (`{i}` in it too when each user has its own).
 */
type IsolationSettings = Pick<
  Settings,
  | 'ISOLATION_USERS'
  | 'ISOLATION_USER_CREDENTIALS'
  | 'ISOLATION_USER_EMAIL_PATTERN'
  | 'ISOLATION_USER_PASSWORD'
>;

function buildIsolationUsers(s: IsolationSettings, where: string, envFile: string): TestUser[] {
  const k = s.ISOLATION_USERS;
  const list = s.ISOLATION_USER_CREDENTIALS;
  if (list !== undefined) {
    const entries = list.split(',');
    if (entries.length < k) {
      throw new ConfigError(
        'CONFIG_INVALID',
        `ISOLATION_USER_CREDENTIALS lists ${entries.length} user(s) for ${where}, ISOLATION_USERS asks for ${k}; fix it in ${envFile}`,
      );
    }
    return entries.slice(0, k).map((entry, i) => {
      const colon = entry.indexOf(':');
      return {
        label: `isolation-user${i + 1}`,
        email: entry.slice(0, colon),
        password: new Secret(entry.slice(colon + 1)),
      };
    });
  }
  const pattern = s.ISOLATION_USER_EMAIL_PATTERN;
  const password = s.ISOLATION_USER_PASSWORD;
  const missing = pattern
    ? password
      ? undefined
      : 'ISOLATION_USER_PASSWORD'
    : 'ISOLATION_USER_EMAIL_PATTERN';
  if (missing || pattern === undefined || password === undefined) {
    throw new ConfigError(
      'CONFIG_MISSING',
      `${missing} (or ISOLATION_USER_CREDENTIALS) is not set for ${where} (the isolation check needs ${k} users); set it in ${envFile}`,
    );
  }
  return Array.from({ length: k }, (_, i) => ({
    label: `isolation-user${i + 1}`,
    email: pattern.replace('{i}', String(i + 1)),
    password: new Secret(password.replaceAll('{i}', String(i + 1))),
  }));
}

function buildUsers(
  s: Settings,
  environment: string,
  envFile: string,
  raw: Readonly<Record<string, string>>,
): [TestUser, TestUser] {
  const user = (
    label: string,
    email?: string,
    password?: string,
    token?: string,
    prefix = 'TEST_USER',
  ): TestUser => {
    const username = prefix === 'TEST_USER' ? s.TEST_USER_USERNAME : s.TEST_USER2_USERNAME;
    const fields = credentialFields(raw, prefix);
    const named = {
      ...(username ? { username } : {}),
      ...(Object.keys(fields).length > 0 ? { fields } : {}),
    };
    if (token) return { label, ...(email ? { email } : {}), ...named, token: new Secret(token) };
    if ((email || username) && password)
      return { label, ...(email ? { email } : {}), ...named, password: new Secret(password) };
    const missing = email || username ? `${prefix}_PASSWORD` : `${prefix}_EMAIL`;
    throw new ConfigError(
      'CONFIG_MISSING',
      `${missing} is not set for environment "${environment}" (or a pre-issued ${prefix === 'TEST_USER' ? 'TEST_TOKEN' : 'TEST_TOKEN2'}); set it in ${envFile} (see .env.example)`,
    );
  };
  return [
    user('user1', s.TEST_USER_EMAIL, s.TEST_USER_PASSWORD, s.TEST_TOKEN),
    user('user2', s.TEST_USER2_EMAIL, s.TEST_USER2_PASSWORD, s.TEST_TOKEN2, 'TEST_USER2'),
  ];
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function wsUrlFrom(apiUrl: string, path: string): string {
  const url = new URL(apiUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  // A fixed query (`/ws?v=2`) is the URL's search, not part of its path (where `?` would be percent-encoded).
  const q = path.indexOf('?');
  url.pathname = q < 0 ? path : path.slice(0, q);
  if (q >= 0) url.search = path.slice(q);
  return url.toString();
}
