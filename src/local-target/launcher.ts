// Starts the bundled reference target as a child process on a free loopback port and drives its fault switches.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { request } from 'undici';
import { childEnvironment } from '../config/runner-env.ts';

/** A running target handed from the process that owns it to its child runs. */
export interface SharedTarget {
  url: string;
  adminToken: string;
  jwtSecret: string;
  /** The target's auth service health path, as it announced it (undefined: no auth service apart from the API). */
  authHealthPath?: string;
}

export interface LaunchOptions {
  /** Repository root (where reference-target/ lives). */
  root: string;
  /** REF_* settings and GP_FAULTS for the target. */
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

export class LocalTarget {
  readonly url: string;
  /** Where the target's auth service health is, as its listening line announced (undefined: none apart). */
  readonly authHealthPath: string | undefined;
  /** undefined: a target another process started and keeps (the monitor's, shared by its runs). */
  #child: ChildProcess | undefined;
  readonly #adminToken: string;
  readonly #options: LaunchOptions | undefined;
  stderr: string[];
  /** The failure modes the target started with (GP_FAULTS): what a test that switched its own restores. */
  readonly startupFaults: string;

  constructor(
    url: string,
    child: ChildProcess | undefined,
    adminToken: string,
    stderr: string[],
    options?: LaunchOptions,
    authHealthPath?: string,
  ) {
    this.url = url;
    this.authHealthPath = authHealthPath;
    this.startupFaults = options?.env?.GP_FAULTS ?? '';
    this.#child = child;
    this.#adminToken = adminToken;
    this.stderr = stderr;
    this.#options = options;
  }

  get pid(): number {
    return this.#child?.pid ?? -1;
  }

  /** Replace the active failure modes (`auth-slow:1200,drop-event:tool_completed`; '' clears). */
  async setFaults(spec: string): Promise<void> {
    const res = await request(`${this.url}/__admin/faults`, {
      method: spec ? 'PUT' : 'DELETE',
      headers: { authorization: `Bearer ${this.#adminToken}`, 'content-type': 'application/json' },
      ...(spec ? { body: JSON.stringify({ faults: spec }) } : {}),
      headersTimeout: 5000,
      bodyTimeout: 5000,
    });
    const text = await res.body.text();
    if (res.statusCode >= 300)
      throw new Error(`reference target refused faults "${spec}": ${res.statusCode} ${text}`);
  }

  /** What a child run needs to use this target too (a secret: it goes in the child's environment only). */
  handOff(jwtSecret: string): SharedTarget {
    return {
      url: this.url,
      adminToken: this.#adminToken,
      jwtSecret,
      ...(this.authHealthPath ? { authHealthPath: this.authHealthPath } : {}),
    };
  }

  /**
   * Stop the target and start it again on the same URL with the same settings (users, signing secret, startup
   * faults): a deploy or crash-restart in the middle of a session. Its in-memory state (threads) is gone.
   */
  async restart(): Promise<void> {
    const options = this.#options;
    if (!this.#child || !options)
      throw new Error('TARGET_SHARED: a target another process keeps cannot be restarted here');
    await this.stop();
    const port = new URL(this.url).port;
    const started = await spawnTarget(
      { ...options, env: { ...options.env, REF_PORT: port } },
      this.#adminToken,
    );
    this.#child = started.child;
    this.stderr = started.stderr;
  }

  async stop(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }
}

export async function launchReferenceTarget(options: LaunchOptions): Promise<LocalTarget> {
  const adminToken = randomBytes(18).toString('base64url');
  const { url, child, stderr, authHealthPath } = await spawnTarget(options, adminToken);
  return new LocalTarget(url, child, adminToken, stderr, options, authHealthPath);
}

async function spawnTarget(
  options: LaunchOptions,
  adminToken: string,
): Promise<{ url: string; child: ChildProcess; stderr: string[]; authHealthPath?: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'reference-target/main.ts'], {
    cwd: options.root,
    env: childEnvironment({
      REF_HOST: '127.0.0.1',
      REF_PORT: '0',
      REF_LOG: 'silent',
      ...options.env,
      REF_ADMIN_TOKEN: adminToken,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr.push(chunk);
    if (stderr.length > 200) stderr.shift();
  });
  const timeoutMs = options.startTimeoutMs ?? 15_000;
  const listening = await new Promise<{ url: string; authHealthPath?: string }>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const timer = setTimeout(() => fail(`did not report listening within ${timeoutMs} ms`), timeoutMs);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      const tail = stderr.join('').trim().split('\n');
      const cause = tail.filter((l) => /error|invalid|GP_FAULTS|REF_/i.test(l)).at(-1) ?? tail.at(-1) ?? '';
      reject(new Error(`reference target ${why}: ${cause.trim()}`));
    };
    child.once('exit', (code) => fail(`exited with code ${code}`));
    lines.on('line', (line) => {
      try {
        const msg = JSON.parse(line) as { event?: string; url?: string; authHealthPath?: unknown };
        if (msg.event === 'listening' && msg.url) {
          clearTimeout(timer);
          child.removeAllListeners('exit');
          resolve({
            url: msg.url,
            ...(typeof msg.authHealthPath === 'string' ? { authHealthPath: msg.authHealthPath } : {}),
          });
        }
      } catch {
        // not the listening line
      }
    });
  });
  return { ...listening, child, stderr };
}
