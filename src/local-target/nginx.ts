// A real nginx in front of the reference target, unprivileged and on a free loopback port, configured one way
// (correct) or another (a header dropped, no upgrade forwarding, upstream down …): the intermediary the suites name.
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CANDIDATES = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx'];

/** The nginx binary, or undefined when none is installed (Debian package nginx; .ci/run installs it). */
export function findNginx(): string | undefined {
  for (const path of CANDIDATES) {
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** How the proxy is set up; `correct` forwards everything a WebSocket product needs. */
export type ProxyVariant =
  | 'correct'
  | 'no-upgrade'
  | 'authorization-cleared'
  | 'subprotocol-cleared'
  | 'upstream-down'
  | 'auth-redirected'
  | 'auth-app-shell'
  | 'ws-app-shell'
  | 'idle-timeout-3s';

export interface ProxyRoutes {
  /** The login path (from the profile), for the variants that answer it themselves. */
  authPath: string;
  /** The WebSocket path (from the profile). */
  wsPath: string;
}

/** A page like a single-page app's shell: what a catch-all route serves for any path. */
const APP_SHELL =
  '<!doctype html><html><head><title>Chat</title></head><body><div id="root"></div></body></html>';
const SSO = 'https://sso.example.test/login';

const FORWARD_UPGRADE = [
  'proxy_http_version 1.1;',
  'proxy_set_header Upgrade $http_upgrade;',
  'proxy_set_header Connection $connection_upgrade;',
];

/** The `server` block's locations for a variant, proxying to `upstream` (host:port). */
export function proxyLocations(variant: ProxyVariant, upstream: string, routes: ProxyRoutes): string {
  const pass = (extra: string[] = [], to = upstream) =>
    [`proxy_pass http://${to};`, 'proxy_set_header Host $host;', ...extra].join('\n      ');
  const answer = (path: string, body: string) => `location = ${path} {\n      ${body}\n    }\n    `;
  const shell = `default_type text/html;\n      return 200 '${APP_SHELL}';`;
  switch (variant) {
    case 'correct':
      return `location / {\n      ${pass(FORWARD_UPGRADE)}\n    }`;
    case 'no-upgrade':
      return `location / {\n      ${pass()}\n    }`;
    case 'authorization-cleared':
      return `location / {\n      ${pass([...FORWARD_UPGRADE, 'proxy_set_header Authorization "";'])}\n    }`;
    case 'subprotocol-cleared':
      return `location / {\n      ${pass([...FORWARD_UPGRADE, 'proxy_set_header Sec-WebSocket-Protocol "";'])}\n    }`;
    case 'upstream-down':
      return `location / {\n      ${pass(FORWARD_UPGRADE, '127.0.0.1:{{closed}}')}\n    }`;
    case 'auth-redirected':
      return `${answer(routes.authPath, `return 302 ${SSO};`)}location / {\n      ${pass(FORWARD_UPGRADE)}\n    }`;
    case 'auth-app-shell':
      return `${answer(routes.authPath, shell)}location / {\n      ${pass(FORWARD_UPGRADE)}\n    }`;
    case 'idle-timeout-3s':
      // A common misconfiguration: an upstream read timeout shorter than a user's think time drops silent sockets.
      return `location / {\n      ${pass([...FORWARD_UPGRADE, 'proxy_read_timeout 3s;'])}\n    }`;
    case 'ws-app-shell':
      return `${answer(routes.wsPath, shell)}location / {\n      ${pass(FORWARD_UPGRADE)}\n    }`;
  }
}

export class Nginx {
  readonly url: string;
  readonly #child: ChildProcess;
  readonly #dir: string;

  constructor(url: string, child: ChildProcess, dir: string) {
    this.url = url;
    this.#child = child;
    this.#dir = dir;
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) {
      const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
      this.#child.kill('SIGTERM');
      const timer = setTimeout(() => this.#child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    await rm(this.#dir, { recursive: true, force: true });
  }
}

export interface NginxOptions {
  binary: string;
  /** The reference target's base URL (http://127.0.0.1:port). */
  upstream: string;
  variant: ProxyVariant;
  routes: ProxyRoutes;
  startTimeoutMs?: number;
}

/** Starts nginx in the foreground, its logs, pid and temp files in a fresh directory; resolves once it accepts. */
export async function startNginx(options: NginxOptions): Promise<Nginx> {
  const dir = await mkdtemp(join(tmpdir(), 'gp-nginx-'));
  const port = await freePort();
  const closed = await freePort();
  const locations = proxyLocations(options.variant, new URL(options.upstream).host, options.routes).replace(
    '{{closed}}',
    String(closed),
  );
  const conf = join(dir, 'nginx.conf');
  await writeFile(conf, nginxConf(dir, port, locations));
  const errorLog = join(dir, 'error.log');
  const child = spawn(options.binary, ['-p', dir, '-e', errorLog, '-c', conf], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => stderr.push(chunk));
  const nginx = new Nginx(`http://127.0.0.1:${port}`, child, dir);
  const timeoutMs = options.startTimeoutMs ?? 5000;
  const deadline = Date.now() + timeoutMs;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const log = await readFile(errorLog, 'utf8').catch(() => '');
      await nginx.stop();
      const why =
        child.exitCode !== null
          ? `exited with code ${child.exitCode}`
          : `not accepting within ${timeoutMs} ms`;
      throw new Error(`nginx ${why}: ${(log || stderr.join('')).trim().split('\n').at(-1) ?? ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return nginx;
}

function nginxConf(dir: string, port: number, locations: string): string {
  const temp = (name: string) => `${name}_temp_path ${join(dir, name)};`;
  return `# Generated by golden-path (src/local-target/nginx.ts): one foreground process, everything under ${dir}.
daemon off;
master_process off;
worker_processes 1;
error_log ${join(dir, 'error.log')} warn;
pid ${join(dir, 'nginx.pid')};
events { worker_connections 256; }
http {
  access_log off;
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  server {
    listen 127.0.0.1:${port};
    ${locations}
  }
}
`;
}

/** A port nothing listens on right now (bound on port 0, then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
