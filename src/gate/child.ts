// The one child-process runner (gate, self-test, report, benchmarks): a hard time bound, stdout shown live, stderr
// shown live except the harness's own one-liners, which are kept apart.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { stripVTControlCharacters } from 'node:util';

export interface ChildResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** `golden-path: …` lines the child printed (config errors, unreachable target): the gate words them once. */
  harnessLines: string[];
  /** The last stderr lines (colours removed), for a failure message. */
  stderrTail: string[];
  ms: number;
}

export interface ChildOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Hard bound: interrupt (SIGINT, as Ctrl-C: the runner cleans up), then SIGKILL 10 s later. `Infinity`: none. */
  timeoutMs: number;
  /** Stops the child the same way (SIGINT, then SIGKILL 10 s later) when aborted. */
  stop?: AbortSignal;
  /** Where the child's output goes (default: this process's stdout/stderr). */
  out?: (text: string) => void;
  err?: (line: string) => void;
}

export function runChild(
  command: string,
  args: readonly string[],
  options: ChildOptions,
): Promise<ChildResult> {
  const started = Date.now();
  const out = options.out ?? ((t: string) => process.stdout.write(t));
  const err = options.err ?? ((l: string) => process.stderr.write(`${l}\n`));
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const harnessLines: string[] = [];
    const stderrTail: string[] = [];
    let timedOut = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => out(chunk));
    createInterface({ input: child.stderr }).on('line', (line) => {
      stderrTail.push(stripVTControlCharacters(line));
      if (stderrTail.length > 20) stderrTail.shift();
      if (line.startsWith('golden-path: ')) harnessLines.push(line.slice('golden-path: '.length));
      else err(line);
    });
    let killer: NodeJS.Timeout | undefined;
    const interrupt = () => {
      child.kill('SIGINT');
      killer ??= setTimeout(() => child.kill('SIGKILL'), 10_000);
    };
    const timer = Number.isFinite(options.timeoutMs)
      ? setTimeout(() => {
          timedOut = true;
          interrupt();
        }, options.timeoutMs)
      : undefined;
    options.stop?.addEventListener('abort', interrupt, { once: true });
    child.on('error', (error) => {
      stderrTail.push(error.message);
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      clearTimeout(killer);
      options.stop?.removeEventListener('abort', interrupt);
      resolve({ exitCode, signal, timedOut, harnessLines, stderrTail, ms: Date.now() - started });
    });
  });
}

/** `node <@playwright/test cli> test …args`: how the gate, the self-test and the benchmarks start a Playwright run. */
export function playwrightTest(root: string, args: readonly string[]): [command: string, args: string[]] {
  const cli = createRequire(join(root, 'package.json')).resolve('@playwright/test/cli');
  return [process.execPath, [cli, 'test', ...args]];
}

/**
 * A child run the gate must not judge test by test: the runner's own red lines (a config error, no test executed,
 * a suite that lost tests) make it a harness error whatever its exit code, and so does a non-zero exit with no
 * failed test to explain it — judging the tests that did run would be a false green (F13). `failed` is the number
 * of failed tests once the report is read.
 */
export function childRunProblem(
  run: Pick<ChildResult, 'exitCode' | 'signal' | 'harnessLines' | 'stderrTail'>,
  failed?: number,
): string | undefined {
  if (run.exitCode === 0) return undefined;
  if (run.harnessLines.length > 0) return run.harnessLines[0];
  if (failed === 0)
    return `RUN_FAILED_WITHOUT_FAILURES: playwright exited ${String(run.exitCode ?? run.signal)} although no test failed: ${run.stderrTail.at(-1) ?? 'no message'}`;
  return undefined;
}
