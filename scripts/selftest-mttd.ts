// npm run selftest:mttd — time to detect, measured on its own (src/selftest/mttd.ts; `npm run selftest` runs the
// same measurement as one of its cases). Exit 0 within the goal, 1 beyond it or no alert, 2 broken.
import { commandLine, defineCommand } from '../src/cli/command-line.ts';
import { describeMttd, measureMttd, MTTD_DEFAULTS, MttdError } from '../src/selftest/mttd.ts';

const ROOT = new URL('..', import.meta.url).pathname;

const { values: o } = commandLine(
  defineCommand({
    name: 'selftest:mttd',
    usage: 'npm run selftest:mttd -- [--every 5s] [--fault auth-down] [--grep <pattern>]',
    about:
      'Starts the monitor against the local reference target, switches a fault on and off at run time and prints\n' +
      'the time from the fault to the alert and from the fix to the recovery notice, against the goal.',
    options: {
      every: { type: 'string', default: MTTD_DEFAULTS.every },
      fault: { type: 'string', default: MTTD_DEFAULTS.fault },
      grep: { type: 'string', default: MTTD_DEFAULTS.grep },
    },
    help: {
      every: ['<interval>', 'the monitor’s cadence'],
      fault: ['<spec>', 'the failure mode switched on (GP_FAULTS syntax)'],
      grep: ['<pattern>', 'the monitor’s selection (the protocol journey: a fast, browserless run)'],
    },
  }),
);

measureMttd({
  root: ROOT,
  every: o.every,
  fault: o.fault,
  grep: o.grep,
  outDir: 'test-results/monitor-mttd',
  log: (line) => process.stdout.write(line.startsWith('selftest:mttd') ? `${line}\n` : `  ${line}\n`),
}).then(
  (f) => {
    process.stdout.write(`selftest:mttd: ${describeMttd(f)}\n`);
    process.exit(f.within ? 0 : 1);
  },
  (error: unknown) => {
    process.stderr.write(`selftest:mttd: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof MttdError ? 1 : 2);
  },
);
