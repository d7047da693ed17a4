// Configuration errors: one line naming the setting, the environment and the file to fix; exit code 2.

export class ConfigError extends Error {
  readonly code: 'CONFIG_MISSING' | 'CONFIG_INVALID' | 'PROFILE_INVALID' | 'BROWSER_MISSING';
  readonly exitCode = 2;

  constructor(code: ConfigError['code'], message: string) {
    super(message);
    // Named by its code, so a config error thrown inside a test reads "CONFIG_MISSING: …" in every report.
    this.name = code;
    this.code = code;
  }

  /** The single line printed to the user. */
  get line(): string {
    return `golden-path: ${this.code}: ${this.message}`;
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
