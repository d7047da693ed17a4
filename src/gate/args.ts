// The gate's command line (pure): `--env <name> [--with-load] [--faults <spec>] [--out <dir>] … [-- <playwright args>]`.

export interface GateArgs {
  environment: string;
  withLoad: boolean;
  /** GP_FAULTS for the local reference target (self-tests of the gate). */
  faults?: string;
  out: string;
  retries: number;
  maxMinutes: number;
  reportUrl?: string;
  /** Passed to `playwright test` as they are (`--grep @smoke`, paths). */
  passthrough: string[];
}

export class GateUsageError extends Error {
  readonly code = 'GATE_USAGE';
}

export const USAGE =
  'usage: npm run gate -- --env <environment> [--with-load] [--faults <spec>] [--out <dir>] [--retries <n>] [--max-minutes <n>] [--report-url <url>] [-- <playwright args>]';

const DEFAULTS = { out: 'test-results/gate', retries: 0, maxMinutes: 30 };

export function parseGateArgs(argv: readonly string[]): GateArgs {
  const dash = argv.indexOf('--');
  const own = dash === -1 ? argv : argv.slice(0, dash);
  const passthrough = dash === -1 ? [] : argv.slice(dash + 1);
  const values: Record<string, string> = {};
  let withLoad = false;
  for (let i = 0; i < own.length; i++) {
    const arg = own[i] as string;
    if (arg === '--with-load') {
      withLoad = true;
      continue;
    }
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    if (!['--env', '--faults', '--out', '--retries', '--max-minutes', '--report-url'].includes(flag)) {
      throw new GateUsageError(`unknown argument "${arg}" (playwright arguments go after "--"); ${USAGE}`);
    }
    const value = inline ?? own[++i];
    if (value === undefined || value.startsWith('--'))
      throw new GateUsageError(`${flag} needs a value; ${USAGE}`);
    values[flag] = value;
  }
  const environment = values['--env'];
  // No default environment: a CI job that forgot --env must not gate a release on the local reference target.
  if (!environment) throw new GateUsageError(`--env is required; ${USAGE}`);
  const int = (flag: string, fallback: number, min: number, max: number): number => {
    const raw = values[flag];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new GateUsageError(`${flag} must be a whole number ${min}–${max}, got "${raw}"`);
    return n;
  };
  if (values['--faults'] !== undefined && !environment.startsWith('local')) {
    throw new GateUsageError(
      `--faults switches failure modes of the local reference target; it cannot apply to "${environment}"`,
    );
  }
  return {
    environment,
    withLoad,
    ...(values['--faults'] !== undefined ? { faults: values['--faults'] } : {}),
    out: values['--out'] ?? DEFAULTS.out,
    retries: int('--retries', DEFAULTS.retries, 0, 5),
    maxMinutes: int('--max-minutes', DEFAULTS.maxMinutes, 1, 600),
    ...(values['--report-url'] !== undefined ? { reportUrl: values['--report-url'] } : {}),
    passthrough,
  };
}
