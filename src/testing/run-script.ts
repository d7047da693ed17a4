// For spawn tests: a CLI run as a user runs it — a fresh Node with only a shell's variables, bounded, its output kept.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface ScriptRun {
  /** The exit code; null when the bound killed it. */
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `node --import tsx <root>/<script> …args` in `root` with PATH, HOME, PWD and `env` only; killed after `boundMs`. */
export async function runScript(
  root: string,
  script: string,
  args: readonly string[],
  env: Record<string, string>,
  boundMs = 30_000,
): Promise<ScriptRun> {
  const t0 = Date.now();
  // PWD too: tsx resolves from it, and a worktree whose node_modules is a link would otherwise load another checkout.
  const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PWD: root };
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, script), ...args], {
    cwd: root,
    env: { ...base, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), boundMs);
  const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  clearTimeout(timer);
  return { status, stdout, stderr, ms: Date.now() - t0 };
}

/** A loopback port nothing listens on (a refused connection). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
