// The settings every environment may set (documented in .env.example), validated with zod.
import { z } from 'zod';
import { degradedSetting, SLA_DEFAULTS } from './sla-table.ts';
import { TIMEOUT_DEFAULTS } from './timeout-defaults.ts';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const url = z.url({ protocol: /^(https?|wss?)$/ });

/** Local defaults: the bundled reference target seeds these two users (reference-target/README.md). */
export const LOCAL_DEFAULTS: Readonly<Record<string, string>> = {
  TEST_USER_EMAIL: 'alice@golden-path.test',
  TEST_USER_PASSWORD: 'alice-local-pass',
  TEST_USER2_EMAIL: 'bob@golden-path.test',
  TEST_USER2_PASSWORD: 'bob-local-pass',
  ISOLATION_USER_EMAIL_PATTERN: 'user{i}@golden-path.test',
  // `{i}` in the password: every isolation user has a password of its own, as real accounts do.
  ISOLATION_USER_PASSWORD: 'isolation-local-pass-{i}',
};

export const settingsSchema = z.object({
  TARGET_PROFILE: z.string().min(1).default('default'),
  WEB_URL: url,
  API_URL: url,
  AUTH_URL: url,
  WS_URL: url.optional(),

  TEST_USER_EMAIL: z.email().optional(),
  TEST_USER_PASSWORD: z.string().min(1).optional(),
  TEST_USER2_EMAIL: z.email().optional(),
  TEST_USER2_PASSWORD: z.string().min(1).optional(),
  /**
   * Login names for profiles whose login template uses `{{username}}`; unset, the email's local part is used.
   * Extra credential fields: `TEST_USER_FIELD_<NAME>` / `TEST_USER2_FIELD_<NAME>` become `{{<name>}}`.
   */
  TEST_USER_USERNAME: z.string().min(1).optional(),
  TEST_USER2_USERNAME: z.string().min(1).optional(),
  /** Extra users for the K-user isolation check: `{i}` is 1…ISOLATION_USERS (in the password too, if it has one). */
  ISOLATION_USER_EMAIL_PATTERN: z
    .string()
    .refine(
      (s) => s.includes('{i}') && z.email().safeParse(s.replace('{i}', '1')).success,
      'must be an email address containing {i}',
    )
    .optional(),
  ISOLATION_USER_PASSWORD: z.string().min(1).optional(),
  /** Or a list of the isolation users, each with its own password: `email:password,email:password,…`. */
  ISOLATION_USER_CREDENTIALS: z
    .string()
    .refine(
      (s) =>
        s.split(',').every((e) => z.email().safeParse(e.slice(0, e.indexOf(':'))).success && /:.+/.test(e)),
      'must be a comma-separated list of email:password',
    )
    .optional(),
  /** A pre-issued, expired token for the bad-credential checks (else one is re-signed with JWT_SECRET). */
  TEST_EXPIRED_TOKEN: z.string().min(10).optional(),
  TEST_TOKEN: z.string().min(10).optional(),
  TEST_TOKEN2: z.string().min(10).optional(),
  /** Signing secret for the `mint` token strategy of a profile. */
  JWT_SECRET: z.string().min(16).optional(),

  CONNECT_TIMEOUT_MS: int(100, 120_000).default(TIMEOUT_DEFAULTS.connectMs),
  REQUEST_TIMEOUT_MS: int(100, 300_000).default(TIMEOUT_DEFAULTS.requestMs),
  /** How long a client waits for the terminal event; default 1.5 × golden_path.e2e. */
  AGENT_TIMEOUT_MS: int(1000, 900_000).optional(),
  /** The target's own agent timeout, when known: client waits are kept longer than it. */
  TARGET_AGENT_TIMEOUT_MS: int(1000, 900_000).optional(),
  SETTLE_MS: int(0, 60_000).default(500),
  IDLE_WINDOW_MS: int(0, 3_600_000).default(3000),
  /** Think time of the truly idle check: nothing at all is sent for this long, then a question must be answered. */
  IDLE_THINK_MS: int(1000, 3_600_000).default(10_000),

  HANDSHAKE_COUNT: int(1, 10_000).default(50),
  ISOLATION_USERS: int(2, 100).default(5),
  HEALTH_SAMPLES: int(1, 10_000).default(20),
  HEALTH_SAMPLE_SPACING_MS: int(0, 60_000).default(50),
  TLS_MIN_DAYS: int(0, 3650).default(14),
  EXPECTED_VERSION: z.string().min(1).optional(),
  PROBE_QUESTION: z.string().min(1).optional(),
  /** A regular expression the answer must match (instead of quoting the question). */
  RELEVANCE_PATTERN: z
    .string()
    .min(1)
    .refine((s) => {
      try {
        new RegExp(s);
        return true;
      } catch {
        return false;
      }
    }, 'not a valid regular expression')
    .optional(),

  LOAD_MAX_VUS: int(1, 100_000).default(500),
  LOAD_MAX_DURATION_S: int(1, 86_400).default(900),
  /** health-latency: arrivals per second per endpoint, and requests in flight per endpoint (each a k6 VU). */
  LOAD_MAX_RATE: int(1, 100_000).default(500),
  LOAD_MAX_IN_FLIGHT: int(1, 100_000).default(500),
  ALERT_WEBHOOK_URL: z.url().optional(),
  /** Which flaky tests (passed only on retry) block the gate: `all` (default), `none`, or comma-separated tags. */
  GATE_FLAKY_BLOCKS: z.string().min(1).default('all'),
  /** Whether a degraded SLA (between its soft and hard bound) blocks the gate. */
  GATE_DEGRADED_BLOCKS: z.enum(['true', 'false']).default('false'),
  /** Link to the published report, put into alerts. */
  REPORT_URL: z.url().optional(),
  /** Where Allure history is kept across runs (nightly CI carries it). */
  ALLURE_HISTORY_PATH: z.string().min(1).optional(),
  BROWSER_PATH: z.string().min(1).optional(),

  /** The run history (docs/history.md): a SQLite file, or DATABASE_URL (postgres://…) for a shared store. */
  HISTORY_PATH: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//i, 'must be a postgres:// URL')
    .optional(),

  ...Object.fromEntries(SLA_DEFAULTS.map((d) => [d.setting, z.coerce.number().finite().min(0).optional()])),
  ...Object.fromEntries(
    SLA_DEFAULTS.filter((d) => d.bound !== 'report').map((d) => [
      degradedSetting(d),
      z.coerce.number().finite().min(0).optional(),
    ]),
  ),
});

export type Settings = z.infer<typeof settingsSchema>;

/** Variables that hold secrets: their values never appear in an error message. */
export const SECRET_SETTINGS = new Set([
  'TEST_USER_PASSWORD',
  'TEST_USER2_PASSWORD',
  'TEST_TOKEN',
  'TEST_TOKEN2',
  'JWT_SECRET',
  'ISOLATION_USER_PASSWORD',
  'ISOLATION_USER_CREDENTIALS',
  'TEST_EXPIRED_TOKEN',
  'ALERT_WEBHOOK_URL',
  'DATABASE_URL',
]);
