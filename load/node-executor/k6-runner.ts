// Finds a k6 binary and runs a bundled scenario with the plan as -e values and secrets only in its environment.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { BuildOptions } from 'esbuild';
import { LoadGuardError } from './guards.ts';

/** Why a test that needs a real k6 is skipped: not applicable here, never a pass (load/README.md: The engines). */
export const NO_K6_REASON =
  'n/a: no k6 binary — set K6_BIN or put k6 (1.6 or later) on PATH to run the real-k6 checks (load/README.md: The engines)';

/** How a script is bundled for k6 (scripts/build-load.ts and the real-k6 tests): k6 modules external, ES2020. */
export const K6_ESBUILD = {
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  // k6 1.6+ runs ES2020 (private class fields are lowered for older runtimes such as k6-operator images).
  target: 'es2020',
  external: ['k6', 'k6/*'],
  logLevel: 'silent',
} as const satisfies BuildOptions;

/**
 * K6_BIN wins; else the first executable `k6` on PATH; undefined when there is none. A K6_BIN that is not an
 * executable file is refused (never a silent fall-back to the Node executor).
 */
export function findK6(k6Bin: string | undefined, pathVar: string | undefined): string | undefined {
  if (k6Bin) {
    if (executable(k6Bin)) return k6Bin;
    throw new LoadGuardError(
      'LOAD_INVALID',
      `K6_BIN=${k6Bin} is not an executable file; fix it, or unset it to use k6 from PATH (else the Node executor)`,
    );
  }
  return (pathVar ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'k6'))
    .find(executable);
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
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

/** k6's own exit codes (errext/exitcodes): thresholds crossed; stopped by a signal (Ctrl-C, SIGTERM). */
export const K6_EXIT = { thresholdsFailed: 99, stoppedBySignal: 105 } as const;

/** What k6's own exit codes mean (go.k6.io/k6/errext/exitcodes), for the launcher's one line. */
const K6_EXIT_MEANING: Readonly<Record<number, string>> = {
  97: 'the cloud test run failed',
  98: 'k6 could not get the cloud progress',
  99: 'thresholds crossed',
  100: 'setup() timed out',
  101: 'teardown() timed out',
  102: 'a timeout',
  103: 'an engine error',
  104: 'invalid configuration (a flag, an option or an -e value k6 refused)',
  105: 'stopped by a signal',
  106: "k6's REST API could not start (address in use? try --address)",
  107: 'a script error: the scenario threw or could not load a module (k6 ≥ 1.6 is needed for k6/websockets)',
  108: 'the script called test.abort()',
  255: 'a k6 error outside the script (see its output)',
};

/** "107 (a script error: …)"; an unknown code stays a number. */
export function describeK6Exit(code: number): string {
  const meaning = K6_EXIT_MEANING[code];
  return meaning ? `${code} (${meaning})` : String(code);
}

export interface K6Process {
  child: ChildProcess;
  /** k6's exit code (99: thresholds crossed; 105: stopped by a signal). */
  exited: Promise<number>;
}

/** Starts k6 with the terminal's output attached; signals reach it from the launcher only. */
export function startK6(
  bin: string,
  args: readonly string[],
  secretEnv: Readonly<Record<string, string>>,
  baseEnv: NodeJS.ProcessEnv,
): K6Process {
  // k6 run reads the process environment into __ENV (--include-system-env-vars defaults to true for `run`).
  // Its own process group: the terminal's Ctrl-C reaches the launcher only, which forwards one SIGINT (two would
  // make k6 quit without its summary).
  const child = spawn(bin, [...args], {
    stdio: 'inherit',
    env: { ...baseEnv, ...secretEnv },
    detached: true,
  });
  const exited = new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1)));
  });
  return { child, exited };
}
