// Test aid, not an engine: runs a k6 bundle's code in Node behind a small emulation of the k6 modules it imports
// (k6, k6/http, k6/execution, k6/metrics, k6/timers, k6/websockets), one module instance per VU as in k6.
// It cannot prove k6 itself; it proves the scenario code runs as k6's documented API drives it.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import WebSocket from 'ws';
import type { MetricDefinition, MetricKind } from '../lib/metrics.ts';
import type { MetricsRegistry } from './metrics-registry.ts';

const MODULES: Record<string, string[]> = {
  k6: ['fail', 'sleep', 'check'],
  'k6/execution': ['default'],
  'k6/http': ['default'],
  'k6/metrics': ['Counter', 'Gauge', 'Rate', 'Trend'],
  'k6/timers': ['setTimeout', 'clearTimeout'],
  'k6/websockets': ['WebSocket'],
};

/** Bundles a scenario with every k6 import served from `globalThis.__k6shim`. */
export async function bundleForShim(entry: string, outFile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile: outFile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'silent',
    plugins: [
      {
        name: 'k6-shim',
        setup(b) {
          b.onResolve({ filter: /^k6(\/.*)?$/ }, (args) => ({ path: args.path, namespace: 'k6-shim' }));
          b.onLoad({ filter: /.*/, namespace: 'k6-shim' }, (args) => {
            const names = MODULES[args.path];
            if (!names) return { errors: [{ text: `the shim has no ${args.path}` }] };
            const lines = [`const m = globalThis.__k6shim[${JSON.stringify(args.path)}];`];
            for (const n of names)
              lines.push(n === 'default' ? 'export default m.default;' : `export const ${n} = m.${n};`);
            return { contents: lines.join('\n'), loader: 'js' };
          });
        },
      },
    ],
  });
}

export interface ShimRecord {
  /** Every WebSocket the scripts opened: URL, headers, and the constructor's protocols argument. */
  sockets: { url: string; headers: Record<string, string>; protocols: unknown }[];
  failures: string[];
  logs: string[];
}

type Listener = (event?: unknown) => void;

/** Why k6's WebSocket close() would throw for these arguments (its own messages), or undefined. */
export function k6CloseProblem(code: number | undefined, reason = ''): string | undefined {
  if (code !== undefined && code !== 0 && code !== 1000 && (code < 3000 || code > 4999))
    return `InvalidAccessError: Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. ${code} is neither`;
  if (Buffer.byteLength(reason, 'utf8') > 123)
    return `SyntaxError: Failed to execute 'close' on 'WebSocket': The message must not be greater than 123 bytes`;
  return undefined;
}

/** Installs the emulated modules; per-VU state follows `vu.current`, restored around every callback. */
export function installShim(env: Record<string, string>, registry: MetricsRegistry) {
  const vu = {
    current: 1,
    iteration: 0,
    scenarioStart: Date.now(),
    /** The running scenario's regular duration (exec.scenario.progress); 0: outside a scenario. */
    regularMs: 0,
    scenarios: {} as Record<string, unknown>,
    pending: new Map<number, number>(),
  };
  const record: ShimRecord = { sockets: [], failures: [], logs: [] };
  const timers = new Map<NodeJS.Timeout, number>();
  const hold = (id: number, d: number): void => void vu.pending.set(id, (vu.pending.get(id) ?? 0) + d);
  const within =
    <A extends unknown[]>(id: number, fn: (...a: A) => void) =>
    (...a: A): void => {
      const saved = vu.current;
      vu.current = id;
      try {
        fn(...a);
      } finally {
        vu.current = saved;
      }
    };
  const metric = (kind: MetricKind) =>
    class {
      readonly def: MetricDefinition;
      constructor(name: string, isTime = false) {
        this.def = { name, kind, time: isTime, what: name };
        registry.define(this.def);
      }
      add(value: number | boolean, tags?: Record<string, string>): void {
        registry.add(this.def, value);
        // A tagged sample also lands in its sub-metric, named as k6's summary names them (`name{tag:value}`).
        for (const [k, v] of Object.entries(tags ?? {})) {
          const sub = { ...this.def, name: `${this.def.name}{${k}:${v}}` };
          registry.define(sub);
          registry.add(sub, value);
        }
      }
    };
  const request = (
    method: string,
    url: string,
    body: string | null,
    params: { headers?: Record<string, string>; timeout?: string } = {},
  ) => {
    // k6's http is synchronous: a child process does the request while this thread waits, as a VU would.
    const spec = JSON.stringify({
      method,
      url,
      body,
      headers: params.headers ?? {},
      timeoutMs: Number.parseInt(params.timeout ?? '15000', 10),
    });
    // The child times its own request: the emulated res.timings (all of it as waiting).
    const script = `const s=JSON.parse(process.env.GP_SHIM_REQ);const t0=performance.now();fetch(s.url,{method:s.method,body:s.body??undefined,headers:s.headers,redirect:'manual',signal:AbortSignal.timeout(s.timeoutMs)}).then(async r=>process.stdout.write(JSON.stringify({status:r.status,body:await r.text(),ms:performance.now()-t0})),e=>process.stdout.write(JSON.stringify({status:0,body:null,error:String(e),refused:String(e.cause?.code)==='ECONNREFUSED',ms:0})))`;
    const out = execFileSync(process.execPath, ['-e', script], {
      env: { ...process.env, GP_SHIM_REQ: spec },
      encoding: 'utf8',
    });
    const r = JSON.parse(out) as {
      status: number;
      body: string | null;
      error?: string;
      refused?: boolean;
      ms: number;
    };
    return {
      status: r.status,
      body: r.body,
      ...(r.error !== undefined ? { error: r.error } : {}),
      // k6's error codes for what the scripts tell apart: 1212 connection refused, 1000 anything else.
      error_code: r.status !== 0 ? 0 : r.refused ? 1212 : 1000,
      timings: {
        blocked: 0,
        connecting: 0,
        tls_handshaking: 0,
        sending: 0,
        waiting: r.ms,
        receiving: 0,
        duration: r.ms,
      },
    };
  };

  class ShimWebSocket {
    readonly CONNECTING = 0;
    readonly OPEN = 1;
    readonly CLOSING = 2;
    readonly CLOSED = 3;
    readonly #socket: WebSocket;
    onopen: Listener = () => undefined;
    onmessage: Listener = () => undefined;
    onpong: Listener = () => undefined;
    onerror: Listener = () => undefined;
    onclose: Listener = () => undefined;
    constructor(url: string, protocols: unknown, params: { headers?: Record<string, string> } = {}) {
      const headers = { ...params.headers };
      record.sockets.push({ url, headers: { ...headers }, protocols });
      // k6's dialer refuses a protocols argument together with the header (a duplicate header).
      if (protocols !== null && protocols !== undefined)
        throw new Error('k6 shim: protocols argument given; k6 takes subprotocols as a header');
      const offered = (headers['Sec-WebSocket-Protocol'] ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
      delete headers['Sec-WebSocket-Protocol'];
      const id = vu.current;
      hold(id, 1);
      this.#socket = new WebSocket(url, offered, { headers });
      let done = false;
      const end = (): void => {
        if (done) return;
        done = true;
        hold(id, -1);
      };
      this.#socket.on(
        'open',
        within(id, () => this.onopen()),
      );
      this.#socket.on(
        'message',
        within(id, (data: WebSocket.RawData) =>
          this.onmessage({
            data: Buffer.isBuffer(data)
              ? data.toString('utf8')
              : Buffer.from(data as ArrayBuffer).toString('utf8'),
          }),
        ),
      );
      this.#socket.on(
        'pong',
        within(id, () => this.onpong()),
      );
      this.#socket.on(
        'error',
        within(id, (e: Error) => this.onerror({ error: e.message })),
      );
      this.#socket.on(
        'close',
        within(id, (code: number, reason: Buffer) => {
          if (code !== 1000 && code !== 1001 && code !== 1005)
            this.onerror({ error: `websocket: close ${code}` });
          // k6 1.6+ puts the peer's code and reason on the close event.
          this.onclose({ code, reason: reason.toString('utf8') });
          end();
        }),
      );
    }
    get readyState(): number {
      return this.#socket.readyState;
    }
    send(text: string): void {
      this.#socket.send(text);
    }
    /** k6/websockets ping(): an RFC 6455 ping frame (k6 ignores it on a socket that is not open). */
    ping(): void {
      if (this.#socket.readyState === WebSocket.OPEN) this.#socket.ping();
    }
    close(code?: number, reason = ''): void {
      const state = this.#socket.readyState;
      // k6 ignores a close of a closing or closed socket.
      if (state === WebSocket.CLOSING || state === WebSocket.CLOSED) return;
      // k6 queues the close frame for a writer that starts only once connected: the VU's event loop waits.
      if (state === WebSocket.CONNECTING)
        throw new Error("k6 shim: close() while CONNECTING blocks k6's event loop until the dial ends");
      const problem = k6CloseProblem(code, reason);
      if (problem) throw new Error(problem);
      this.#socket.close(code || 1000, reason);
    }
  }

  (globalThis as Record<string, unknown>).__ENV = env;
  (globalThis as Record<string, unknown>).__k6shim = {
    k6: {
      fail: (why: string) => {
        record.failures.push(why);
        throw new Error(`k6 fail: ${why}`);
      },
      sleep: (s: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, s * 1000),
      check: () => true,
    },
    'k6/execution': {
      default: {
        get vu() {
          return { idInTest: vu.current, iterationInScenario: vu.iteration };
        },
        get scenario() {
          // progress as k6 computes it: elapsed over the scenario's regular duration, at most 1.
          const progress = vu.regularMs > 0 ? Math.min(1, (Date.now() - vu.scenarioStart) / vu.regularMs) : 1;
          return { startTime: vu.scenarioStart, iterationInTest: vu.iteration, progress };
        },
        // k6's consolidated options: the scenarios the test set (the script's own unless a flag replaced them).
        get test() {
          return {
            options: { scenarios: vu.scenarios },
            abort: (reason: string) => {
              record.failures.push(`test.abort: ${reason}`);
              throw new Error(`k6 test.abort: ${reason}`);
            },
          };
        },
      },
    },
    'k6/http': {
      default: {
        get: (url: string, params?: { headers?: Record<string, string>; timeout?: string }) =>
          request('GET', url, null, params),
        request,
      },
    },
    'k6/metrics': {
      Counter: metric('counter'),
      Gauge: metric('gauge'),
      Rate: metric('rate'),
      Trend: metric('trend'),
    },
    'k6/timers': {
      setTimeout: (fn: () => void, ms: number) => {
        const id = vu.current;
        hold(id, 1);
        const t = setTimeout(() => {
          timers.delete(t);
          hold(id, -1);
          within(id, fn)();
        }, ms);
        timers.set(t, id);
        return t;
      },
      clearTimeout: (t: NodeJS.Timeout | undefined) => {
        // Only a timer still pending holds its VU's event loop.
        const id = t && timers.get(t);
        if (t === undefined || id === undefined) return;
        timers.delete(t);
        hold(id, -1);
        clearTimeout(t);
      },
    },
    'k6/websockets': { WebSocket: ShimWebSocket },
  };
  (globalThis as Record<string, unknown>).console = console;
  return { vu, record };
}

/** One VU = one module instance (k6 gives each VU its own runtime). */
export async function loadVu(bundle: string, id: number): Promise<Record<string, unknown>> {
  return (await import(`${pathToFileURL(bundle).href}?vu=${id}`)) as Record<string, unknown>;
}

/** Waits until a VU's event loop is empty (its sockets closed, its timers fired or cleared), bounded. */
export async function drained(pending: Map<number, number>, id: number, boundMs: number): Promise<boolean> {
  const until = Date.now() + boundMs;
  while ((pending.get(id) ?? 0) > 0) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files))
    if (name !== 'stdout') writeFileSync(name.startsWith('/') ? name : join(dir, name), content);
}
