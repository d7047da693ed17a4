// Finds a k6 binary and runs a bundled scenario with the plan as -e values and secrets only in its environment.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** K6_BIN wins; else the first executable `k6` on PATH; undefined when there is none. */
export function findK6(k6Bin: string | undefined, pathVar: string | undefined): string | undefined {
  const candidates = k6Bin
    ? [k6Bin]
    : (pathVar ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, 'k6'));
  return candidates.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** `k6 run` arguments: every plan value as -e; secrets never (they travel in the environment). */
export function k6RunArgs(bundle: string, publicEnv: Readonly<Record<string, string>>): string[] {
  const args = ['run'];
  for (const [name, value] of Object.entries(publicEnv)) args.push('-e', `${name}=${value}`);
  args.push(bundle);
  return args;
}

/** The command as a person would type it, quoted, for the log line. */
export function describeCommand(bin: string, args: readonly string[]): string {
  return [bin, ...args]
    .map((a) => (/^[\w./:=@,+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}

/** Runs k6 with the terminal attached; resolves its exit code (99: thresholds crossed). */
export function runK6(
  bin: string,
  args: readonly string[],
  secretEnv: Readonly<Record<string, string>>,
  baseEnv: NodeJS.ProcessEnv,
): Promise<number> {
  return new Promise((resolve, reject) => {
    // k6 run reads the process environment into __ENV (--include-system-env-vars defaults to true for `run`).
    const child = spawn(bin, [...args], { stdio: 'inherit', env: { ...baseEnv, ...secretEnv } });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1)));
  });
}
