// A `control` keepalive (RFC 6455 pings) on the load client, counted by the server that receives them: the Node
// executor's socket, the k6 session on the Node shim, and real k6 where a binary is found (K6_BIN or PATH).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { build } from 'esbuild';
import { WebSocketServer } from 'ws';
import defaultProfile from '../../profiles/default.ts';
import { controlPingSpec } from '../lib/control-ping-spec.ts';
import { M, metricsOf } from '../lib/metrics.ts';
import { bundleForShim, drained, installShim, loadVu } from './k6-shim.ts';
import { findK6, K6_ESBUILD, NO_K6_REASON } from './k6-runner.ts';
import { MetricsRegistry } from './metrics-registry.ts';
import { runWsSession } from './ws-session.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const PROBE = join(ROOT, 'load', 'k6', 'control-ping-probe.ts');
const K6 = findK6(process.env.K6_BIN, process.env.PATH);
/** The probe's session (load/lib/control-ping-spec.ts) is held 2 s with a ping every 200 ms. */
const AT_LEAST = 3;

test.describe.configure({ mode: 'serial' });

/** A WebSocket server that sends the profile's ready frame and counts the control pings it receives. */
async function pingCounter() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(wss, 'listening');
  const seen = { connections: 0, pings: 0 };
  wss.on('connection', (socket) => {
    seen.connections++;
    // `ws` answers every ping with a pong by itself, as RFC 6455 requires.
    socket.on('ping', () => seen.pings++);
    socket.send(JSON.stringify(defaultProfile.ws.ready.match));
  });
  const { port } = wss.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}${defaultProfile.ws.path}`,
    seen,
    close: () => new Promise<void>((resolve) => wss.close(() => resolve())),
  };
}

let dir: string;
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gp-control-ping-'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the Node executor sends RFC 6455 pings for a control keepalive and counts their pongs', async () => {
  const server = await pingCounter();
  try {
    const sink = new MetricsRegistry(metricsOf('ws-concurrency'));
    await runWsSession(controlPingSpec(performance.now()), server.url, 'probe-token', sink, {}, new Set());
    expect(server.seen.pings, 'control pings the server received').toBeGreaterThanOrEqual(AT_LEAST);
    expect(sink.count(M.pings.name)).toBe(server.seen.pings);
    expect(sink.count(M.pongs.name), 'their pongs counted').toBeGreaterThanOrEqual(AT_LEAST);
  } finally {
    await server.close();
  }
});

test('the k6 session sends RFC 6455 pings (k6/websockets ping()) and counts onpong, on the Node shim', async () => {
  const server = await pingCounter();
  try {
    const bundle = join(dir, 'control-ping-probe.mjs');
    await bundleForShim(PROBE, bundle);
    const registry = new MetricsRegistry([]);
    const shim = installShim({ GP_PROBE_WS_URL: server.url }, registry);
    const vu = await loadVu(bundle, 1);
    shim.vu.current = 1;
    (vu.default as () => void)();
    expect(await drained(shim.vu.pending, 1, 10_000), 'the VU event loop drained').toBe(true);
    expect(server.seen.connections).toBe(1);
    expect(server.seen.pings, 'control pings the server received').toBeGreaterThanOrEqual(AT_LEAST);
    expect(registry.count(M.pongs.name), 'onpong counted').toBeGreaterThanOrEqual(AT_LEAST);
  } finally {
    await server.close();
  }
});

test('real k6 sends RFC 6455 pings for a control keepalive', async () => {
  test.skip(!K6, NO_K6_REASON);
  const server = await pingCounter();
  try {
    const bundle = join(dir, 'control-ping-probe.js');
    // As scripts/build-load.ts bundles the scenarios.
    await build({ ...K6_ESBUILD, entryPoints: [PROBE], outfile: bundle });
    // Asynchronous: the server answering the pings runs on this event loop.
    const child = spawnK6(K6 as string, ['run', '--quiet', '-e', `GP_PROBE_WS_URL=${server.url}`, bundle]);
    const code = await child.exited;
    expect(code, child.output()).toBe(0);
    expect(server.seen.connections, child.output()).toBe(1);
    expect(server.seen.pings, 'control pings the server received from k6').toBeGreaterThanOrEqual(AT_LEAST);
    expect(child.output(), "k6's summary counts their pongs").toMatch(/ws_pongs\D+[1-9]/);
  } finally {
    await server.close();
  }
});

function spawnK6(bin: string, args: string[]) {
  const child = spawn(bin, args, { env: { ...process.env, K6_NO_USAGE_REPORT: 'true' } });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  return {
    exited: new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code))),
    output: () => out,
  };
}
