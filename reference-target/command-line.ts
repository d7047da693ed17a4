// The target's own command lines (it imports nothing from the harness): parseArgs strict, --help, one-line misuse.
import { parseArgs } from 'node:util';

/**
 * For an entry point that takes no flags (settings come from the environment): `--help`/`-h` prints `help` and
 * exits 0; anything else on the line is refused in one line with exit code 2.
 */
export function flagsOrExit(
  name: string,
  help: string,
  argv: readonly string[] = process.argv.slice(2),
): void {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(help);
    process.exit(0);
  }
  try {
    parseArgs({ args: [...argv], options: {}, strict: true, allowPositionals: false });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const what = /'([^']+)'/.exec((err as Error).message)?.[1] ?? String(argv[0]);
    const problem =
      code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? `unknown option ${what}` : `unexpected argument "${what}"`;
    process.stderr.write(`${name}: ${problem} (see --help)\n`);
    process.exit(2);
  }
}
