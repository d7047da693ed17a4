// Configuration errors: one line naming the setting, the environment and the file to fix; exit code 2. A profile
// with several wrong fields is one line per field, all of them at once.

export class ConfigError extends Error {
  readonly code: 'CONFIG_MISSING' | 'CONFIG_INVALID' | 'PROFILE_INVALID' | 'BROWSER_MISSING';
  readonly exitCode = 2;

  /** One entry per problem (a profile's wrong fields); a single-problem error has its message only. */
  readonly problems: readonly string[];

  constructor(code: ConfigError['code'], message: string, problems?: readonly string[]) {
    super(message);
    this.problems = problems && problems.length > 0 ? problems : [message];
    // Named by its code, so a config error thrown inside a test reads "CONFIG_MISSING: …" in every report.
    this.name = code;
    this.code = code;
  }

  /** What is printed to the user: one line per problem. */
  get line(): string {
    return this.problems.map((problem) => `golden-path: ${this.code}: ${problem}`).join('\n');
  }
}

/** Run `fn`; on a ConfigError print its one line and exit 2 (no stack trace). Other errors propagate. */
export function exitOnConfigError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.line}\n`);
      process.exit(error.exitCode);
    }
    throw error;
  }
}
