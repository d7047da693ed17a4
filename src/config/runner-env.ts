// The runner's own hand-offs (main process → workers → child runs) and the few machine settings read before a
// config exists (the browser), read here like every other setting: nothing outside src/config touches process.env.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { readEnvironment } from './env-files.ts';

const env = process.env;

/** The run's start, set once by the main process and inherited by its workers: names the run's ledger. */
export function runStartedAt(): string {
  env.GP_RUN_STARTED_AT ??= new Date().toISOString();
  return env.GP_RUN_STARTED_AT;
}

/** The reference target a monitor keeps across its runs (GP_SHARED_TARGET, set by the monitor for its child runs). */
export function sharedLocalTarget():
  { url: string; adminToken: string; jwtSecret: string; authHealthPath?: string } | undefined {
  const raw = env.GP_SHARED_TARGET;
  if (!raw) return undefined;
  const v = JSON.parse(raw) as {
    url?: unknown;
    adminToken?: unknown;
    jwtSecret?: unknown;
    authHealthPath?: unknown;
  };
  if (typeof v.url !== 'string' || typeof v.adminToken !== 'string' || typeof v.jwtSecret !== 'string')
    throw new Error('GP_SHARED_TARGET must be {"url","adminToken","jwtSecret"} (set by the monitor)');
  return {
    url: v.url,
    adminToken: v.adminToken,
    jwtSecret: v.jwtSecret,
    ...(typeof v.authHealthPath === 'string' ? { authHealthPath: v.authHealthPath } : {}),
  };
}

/** The W3C trace id of this run (GP_TRACE_ID, set by a monitor or gate for its child run; else made once here). */
export function runTraceId(): string {
  env.GP_TRACE_ID ??= randomBytes(16).toString('hex');
  return env.GP_TRACE_ID;
}

/** Where this run's SLA ledger is written (child runs of the gate and the self-test get their own). */
export function ledgerDir(): string {
  return join(env.GP_LEDGER_ROOT ?? 'test-results/sla', runStartedAt().replace(/[:.]/g, '-'));
}

/** Where allure-playwright writes (a self-test child run that keeps every report gets its own folder). */
export function allureResultsDir(configured: string | undefined): string | undefined {
  return env.GP_ALLURE_RESULTS ?? configured;
}

/** Where this run's per-test records go (every worker appends; the global teardown judges the run from them). */
export function runRecordsDir(): string {
  return join(env.GP_RECORDS_ROOT ?? 'test-results/run', runStartedAt().replace(/[:.]/g, '-'));
}

/** Where the global teardown leaves the run's integrity finding (F13), for a surrounding run (the self-test) to read. */
export function runFindingPath(): string {
  return `${runRecordsDir()}.finding.json`;
}

/** Where the run's aggregated sla.json goes (a gate's child run writes its own, never the surrounding run's). */
export function slaJsonPath(): string {
  return env.GP_SLA_JSON ?? 'test-results/sla.json';
}

/** BROWSER_PATH from `.env` / `.env.local` or the process environment: the browser belongs to the machine. */
export function browserPathSetting(cwd = process.cwd()): string | undefined {
  return readEnvironment('local', cwd, env).values.BROWSER_PATH;
}

/**
 * The browser the runner's global setup found (or why none), handed to its workers. `decided` is false where no
 * setup ran (a worker started some other way): the worker then looks for one itself.
 */
export function browserHandOff(): {
  decided: boolean;
  path: string | undefined;
  missing: string | undefined;
} {
  return {
    decided: env.GP_BROWSER_PATH !== undefined || env.GP_BROWSER_MISSING !== undefined,
    path: env.GP_BROWSER_PATH || undefined,
    missing: env.GP_BROWSER_MISSING || undefined,
  };
}

/** `path` undefined: Playwright's own Chromium. */
export function setBrowserHandOff(choice: { path?: string | undefined } | { missing: string }): void {
  if ('missing' in choice) {
    env.GP_BROWSER_MISSING = choice.missing;
    delete env.GP_BROWSER_PATH;
  } else {
    env.GP_BROWSER_PATH = choice.path ?? '';
    delete env.GP_BROWSER_MISSING;
  }
}

/** Runner knobs: workers, traces (off: they record request bodies, i.e. secrets), CI. */
export function runnerKnobs(): { workers: number; trace: 'off' | 'on' | 'retain-on-failure'; ci: boolean } {
  const trace = env.GP_TRACE === 'on' || env.GP_TRACE === 'retain-on-failure' ? env.GP_TRACE : 'off';
  return { workers: env.GP_WORKERS ? Number(env.GP_WORKERS) : 2, trace, ci: !!env.CI };
}

/** The reference target's own settings (REF_*, GP_FAULTS) from the local env files and the process environment. */
export function localTargetSettings(
  cwd: string,
  overrides: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const values = { ...readEnvironment('local', cwd, env).values, ...overrides };
  return Object.fromEntries(
    Object.entries(values).filter(([k]) => k.startsWith('REF_') || k === 'GP_FAULTS'),
  );
}

/** The environment a child process (the reference target) starts from: this one, plus `extra`. */
export function childEnvironment(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { ...definedOnly(env), ...extra };
}

/** What a surrounding Playwright run set for its own workers: a nested run must not inherit it. */
const NESTED_RUN_VARIABLES =
  /^(TEST_WORKER_INDEX|TEST_PARALLEL_INDEX|PLAYWRIGHT_TEST|PW_TS_ESM_LOADER_ON|GP_RUN_STARTED_AT|GP_LEDGER_ROOT|GP_RECORDS_ROOT|GP_SLA_JSON|GP_BROWSER_PATH|GP_BROWSER_MISSING|GP_FAULTS|GP_TRACE_ID|GP_SHARED_TARGET|PLAYWRIGHT_JSON_OUTPUT_\w+|PLAYWRIGHT_HTML_\w+)$/;

/**
 * The environment of a nested run (the gate's, the self-test's): without the variables a surrounding run set for
 * its workers, which would make the child think it is one of them, or reuse its project selection and ledger.
 */
export function nestedRunEnvironment(
  set: Readonly<Record<string, string>>,
  from: NodeJS.ProcessEnv = env,
): Record<string, string> {
  const inherited = Object.entries(definedOnly(from)).filter(([k]) => !NESTED_RUN_VARIABLES.test(k));
  return { ...Object.fromEntries(inherited), ...set };
}

function definedOnly(from: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(from)) if (v !== undefined) out[k] = v;
  return out;
}
