// The gate's command line (pure): `--env <name> [--with-load] [--faults <spec>] [--out <dir>] … [-- <playwright args>]`.
import {
  askedForHelp,
  CommandLineError,
  defineCommand,
  readCommandLine,
  usageText,
} from '../cli/command-line.ts';
import { HistoryArgError, parseBaseline, parseTolerance, type Baseline } from '../history/baseline.ts';

export interface GateArgs {
  environment: string;
  withLoad: boolean;
  /** GP_FAULTS for the local reference target (self-tests of the gate). */
  faults?: string;
  out: string;
  retries: number;
  /** Flaky tests (passed only on a retry) let through as warnings; more block the gate. */
  allowFlaky: number;
  maxMinutes: number;
  reportUrl?: string;
  /** `--history <path|url>`: the run history to record into and judge against (docs/history.md). */
  history?: string;
  /** The kind the run is recorded as: `gate`, or `nightly` for the scheduled run. */
  kind: 'gate' | 'nightly';
  /** `--baseline`: judge each SLA against its history. */
  baseline?: Baseline;
  /** A figure worse than its baseline by more than this fraction is a regression. */
  tolerance: number;
  /** `--fail-on degraded`: a degraded SLA blocks (strict releases). */
  failOnDegraded: boolean;
  /** A check flaky now after this many clean runs is a new flake. */
  flakeWindow: number;
  /** Passed to `playwright test` as they are (`--grep @smoke`, paths). */
  passthrough: string[];
}

export class GateUsageError extends Error {
  readonly code = 'GATE_USAGE';
}

export const USAGE =
  'npm run gate -- --env <environment> [--with-load] [--faults <spec>] [--out <dir>] [--retries <n>] [--allow-flaky <n>] [--max-minutes <n>] [--report-url <url>] [--history <path|url>] [--baseline last-green|7d-median] [--tolerance 20%] [--fail-on degraded] [-- <playwright args>]';

const DEFAULTS = {
  out: 'test-results/gate',
  retries: 0,
  allowFlaky: 0,
  maxMinutes: 30,
  tolerance: '20%',
  flakeWindow: 10,
};

export const GATE_COMMAND = defineCommand({
  name: 'gate',
  usage: USAGE,
  about:
    'Runs the functional suites (and with --with-load a load smoke) against an environment, judges them against the\n' +
    'SLA table, writes verdict.json and junit.xml, alerts when red. Exit 0 ship, 1 do not ship, 2 harness error.',
  options: {
    env: { type: 'string' },
    'with-load': { type: 'boolean' },
    faults: { type: 'string' },
    out: { type: 'string', default: DEFAULTS.out },
    retries: { type: 'string', default: String(DEFAULTS.retries) },
    'allow-flaky': { type: 'string', default: String(DEFAULTS.allowFlaky) },
    'max-minutes': { type: 'string', default: String(DEFAULTS.maxMinutes) },
    'report-url': { type: 'string' },
    history: { type: 'string' },
    kind: { type: 'string', default: 'gate' },
    baseline: { type: 'string' },
    tolerance: { type: 'string', default: DEFAULTS.tolerance },
    'fail-on': { type: 'string' },
    'flake-window': { type: 'string', default: String(DEFAULTS.flakeWindow) },
  },
  help: {
    env: ['<environment>', 'the environment to gate: local, staging, production, … (required)'],
    'with-load': 'also run the load smoke and judge its thresholds',
    faults: ['<spec>', 'GP_FAULTS for the local reference target (local environments only)'],
    out: ['<dir>', 'where verdict.json, junit.xml and the run’s reports go'],
    retries: ['<n>', 'retries of a failed test, 0–5'],
    'allow-flaky': ['<n>', 'flaky tests (passed only on a retry) reported, not blocking, 0–1000 (default 0)'],
    'max-minutes': ['<n>', 'bound of the functional run in minutes, 1–600'],
    'report-url': ['<url>', 'link to the published report, put in the alert'],
    history: [
      '<path|url>',
      'record the run in this history (a SQLite file or postgres:// URL; default: DATABASE_URL, HISTORY_PATH)',
    ],
    kind: ['gate|nightly', 'what the run is recorded as'],
    baseline: [
      'last-green|<n>d-median',
      'fail on an SLA worse than its baseline by more than --tolerance, even when the SLA passes',
    ],
    tolerance: ['<percent>', 'how much worse than the baseline an SLA may be'],
    'fail-on': ['degraded', 'a degraded SLA blocks the release (default: reported only)'],
    'flake-window': [
      '<n>',
      'a test flaky now after n clean runs in the history is a new flake and blocks, 1–1000',
    ],
  },
  passthrough: true,
  notes: 'Arguments after "--" go to `playwright test` as they are (e.g. -- --grep @smoke).',
});

/** The help text when `--help`/`-h` is asked for (before any `--`), else undefined. */
export function gateHelp(argv: readonly string[]): string | undefined {
  return askedForHelp(GATE_COMMAND, argv) ? usageText(GATE_COMMAND) : undefined;
}

function oneOf<const T extends readonly string[]>(flag: string, raw: string, allowed: T): T[number] {
  if (!allowed.includes(raw))
    throw new GateUsageError(`${flag} must be ${allowed.join(' or ')}, got "${raw}"`);
  return raw;
}

function historyArg<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof HistoryArgError) throw new GateUsageError(error.message);
    throw error;
  }
}

export function parseGateArgs(argv: readonly string[]): GateArgs {
  let values;
  let rest: string[];
  try {
    const parsed = readCommandLine(GATE_COMMAND, argv);
    if (parsed.help !== undefined)
      throw new GateUsageError('--help is answered before the arguments are read');
    ({ values, rest } = parsed);
  } catch (error) {
    if (!(error instanceof CommandLineError)) throw error;
    const unknown = /^unknown option (.*)$/.exec(error.message)?.[1];
    throw new GateUsageError(
      unknown
        ? `unknown argument "${unknown}" (playwright arguments go after "--")`
        : error.message.replace(
            /^unexpected argument/,
            'unexpected argument (playwright arguments go after "--")',
          ),
    );
  }
  const environment = values.env;
  // No default environment: a CI job that forgot --env must not gate a release on the local reference target.
  if (!environment) throw new GateUsageError(`--env is required; usage: ${USAGE}`);
  const int = (flag: string, raw: string, min: number, max: number): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new GateUsageError(`${flag} must be a whole number ${min}–${max}, got "${raw}"`);
    return n;
  };
  if (values.faults !== undefined && !environment.startsWith('local')) {
    throw new GateUsageError(
      `--faults switches failure modes of the local reference target; it cannot apply to "${environment}"`,
    );
  }
  return {
    environment,
    withLoad: values['with-load'] === true,
    ...(values.faults !== undefined ? { faults: values.faults } : {}),
    out: values.out,
    retries: int('--retries', values.retries, 0, 5),
    allowFlaky: int('--allow-flaky', values['allow-flaky'], 0, 1000),
    maxMinutes: int('--max-minutes', values['max-minutes'], 1, 600),
    ...(values['report-url'] !== undefined ? { reportUrl: values['report-url'] } : {}),
    ...(values.history !== undefined ? { history: values.history } : {}),
    kind: oneOf('--kind', values.kind, ['gate', 'nightly'] as const),
    ...(values.baseline !== undefined
      ? { baseline: historyArg(() => parseBaseline(values.baseline as string)) }
      : {}),
    tolerance: historyArg(() => parseTolerance(values.tolerance)),
    failOnDegraded:
      values['fail-on'] !== undefined &&
      oneOf('--fail-on', values['fail-on'], ['degraded'] as const) === 'degraded',
    flakeWindow: int('--flake-window', values['flake-window'], 1, 1000),
    passthrough: rest,
  };
}
