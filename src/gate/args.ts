// The gate's command line (pure): `--env <name> [--with-load] [--faults <spec>] [--out <dir>] … [-- <playwright args>]`.
import {
  askedForHelp,
  CommandLineError,
  defineCommand,
  readCommandLine,
  usageText,
} from '../cli/command-line.ts';

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
  /** Passed to `playwright test` as they are (`--grep @smoke`, paths). */
  passthrough: string[];
}

export class GateUsageError extends Error {
  readonly code = 'GATE_USAGE';
}

export const USAGE =
  'npm run gate -- --env <environment> [--with-load] [--faults <spec>] [--out <dir>] [--retries <n>] [--allow-flaky <n>] [--max-minutes <n>] [--report-url <url>] [-- <playwright args>]';

const DEFAULTS = { out: 'test-results/gate', retries: 0, allowFlaky: 0, maxMinutes: 30 };

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
  },
  passthrough: true,
  notes: 'Arguments after "--" go to `playwright test` as they are (e.g. -- --grep @smoke).',
});

/** The help text when `--help`/`-h` is asked for (before any `--`), else undefined. */
export function gateHelp(argv: readonly string[]): string | undefined {
  return askedForHelp(GATE_COMMAND, argv) ? usageText(GATE_COMMAND) : undefined;
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
    passthrough: rest,
  };
}
