// Every CLI's command line through node:util parseArgs (strict): --help/-h prints the usage, a misuse is one line, exit 2.
import { parseArgs, type ParseArgsConfig } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** A flag's help: its text, or for a flag that takes a value `[placeholder, text]`. */
export type FlagHelp = string | readonly [value: string, text: string];

export interface CommandSpec<O extends ParseArgsOptionsConfig> {
  /** The name in one-line messages: `golden-path: <name>: …`. */
  name: string;
  /** The synopsis, after `usage: `. */
  usage: string;
  /** What the command does, in a sentence or two. */
  about: string;
  options: O;
  help: { readonly [K in keyof O]: FlagHelp };
  /** Plain arguments (files) are accepted. */
  positionals?: boolean;
  /** Everything after `--` is handed on untouched (`rest`). */
  passthrough?: boolean;
  /** The line prefix (default `golden-path: <name>:`). */
  prefix?: string;
  /** Lines after the flags (environment variables, examples). */
  notes?: string;
}

/** A misused command line: one line for the user (the CLI exits 2). */
export class CommandLineError extends Error {
  readonly code = 'CLI_USAGE';
}

type Parsed<O extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{ options: O; strict: true; allowPositionals: true }>
>;

export type CommandLine<O extends ParseArgsOptionsConfig> =
  { help: string } | { help?: undefined; values: Parsed<O>['values']; positionals: string[]; rest: string[] };

const HELP_FLAG: FlagHelp = 'show this help and exit';

/** The usage text `--help` prints: synopsis, what it does, every flag. */
export function usageText<O extends ParseArgsOptionsConfig>(spec: CommandSpec<O>): string {
  const rows = Object.entries(spec.options).map(([name, option]) => {
    const help = spec.help[name as keyof O];
    const [value, text] = typeof help === 'string' ? [undefined, help] : help;
    const short = option.short ? `-${option.short}, ` : '';
    const arg = option.type === 'string' ? ` ${value ?? '<value>'}` : '';
    const repeat = option.multiple ? ' (repeatable)' : '';
    const fallback =
      option.default !== undefined && option.type === 'string' ? ` (default: ${String(option.default)})` : '';
    return [`${short}--${name}${arg}`, `${text}${repeat}${fallback}`] as const;
  });
  rows.push(['-h, --help', HELP_FLAG as string]);
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  return [
    `usage: ${spec.usage}`,
    '',
    spec.about,
    '',
    'options:',
    ...rows.map(([flag, text]) => `  ${flag.padEnd(width)}${text}`),
    ...(spec.notes ? ['', spec.notes] : []),
    '',
  ].join('\n');
}

/** parseArgs' own wording is long and multi-sentence; the user gets the fact and the flag. */
function plainProblem(error: unknown): string | undefined {
  if (!(error instanceof Error) || !('code' in error)) return undefined;
  const quoted = /'([^']+)'/.exec(error.message)?.[1]?.split(' ')[0] ?? '?';
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${quoted}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument "${quoted}"`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return error.message.includes('does not take an argument')
        ? `${quoted} takes no value`
        : `${quoted} needs a value`;
    default:
      return undefined;
  }
}

/** Types a command's spec once (its option names checked against its help). */
export function defineCommand<const O extends ParseArgsOptionsConfig>(spec: CommandSpec<O>): CommandSpec<O> {
  return spec;
}

/** `--help` or `-h` among the command's own arguments (those before a passthrough `--`). */
export function askedForHelp(
  spec: Pick<CommandSpec<ParseArgsOptionsConfig>, 'passthrough'>,
  argv: readonly string[],
): boolean {
  const dash = spec.passthrough ? argv.indexOf('--') : -1;
  return (dash === -1 ? argv : argv.slice(0, dash)).some((a) => a === '--help' || a === '-h');
}

/** Pure: the parsed command line, or the help text when `--help`/`-h` is among the command's own arguments. */
export function readCommandLine<O extends ParseArgsOptionsConfig>(
  spec: CommandSpec<O>,
  argv: readonly string[],
): CommandLine<O> {
  const dash = spec.passthrough ? argv.indexOf('--') : -1;
  const own = dash === -1 ? [...argv] : argv.slice(0, dash);
  const rest = dash === -1 ? [] : argv.slice(dash + 1);
  // Help wins over everything else on the line, a misspelt flag included: asking is never an error.
  if (askedForHelp(spec, argv)) return { help: usageText(spec) };
  try {
    const { values, positionals } = parseArgs({
      args: own,
      options: spec.options,
      strict: true,
      allowPositionals: spec.positionals === true,
    });
    return { values, positionals, rest };
  } catch (error) {
    const problem = plainProblem(error);
    if (problem === undefined) throw error;
    throw new CommandLineError(problem);
  }
}

export function messagePrefix(spec: Pick<CommandSpec<ParseArgsOptionsConfig>, 'name' | 'prefix'>): string {
  return spec.prefix ?? `golden-path: ${spec.name}:`;
}

/** Prints a misuse as one line and exits 2. */
export function exitWithUsageError(
  spec: Pick<CommandSpec<ParseArgsOptionsConfig>, 'name' | 'prefix'>,
  problem: string,
): never {
  process.stderr.write(`${messagePrefix(spec)} ${problem} (see --help)\n`);
  process.exit(2);
}

/** For a CLI's entry: `--help` prints the usage and exits 0; a misuse prints one line and exits 2. */
export function commandLine<O extends ParseArgsOptionsConfig>(
  spec: CommandSpec<O>,
  argv: readonly string[] = process.argv.slice(2),
): Exclude<CommandLine<O>, { help: string }> {
  let parsed: CommandLine<O>;
  try {
    parsed = readCommandLine(spec, argv);
  } catch (error) {
    if (error instanceof CommandLineError) exitWithUsageError(spec, error.message);
    throw error;
  }
  if (parsed.help !== undefined) {
    process.stdout.write(parsed.help);
    process.exit(0);
  }
  return parsed;
}
