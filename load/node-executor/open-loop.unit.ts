// The open loop on a small local HTTP server: arrivals that find no free slot are dropped (never queued), and
// latency runs from the intended send time, so a stall in the sender is charged to the figures.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { loadConfig, type Config } from '../../src/config/index.ts';
import { M } from '../lib/metrics.ts';
import { intendedAt } from './open-loop.ts';
import { planFromConfig } from './plan-from-config.ts';
import { runNodeScenario } from './run.ts';
import { runWithSenderStall } from './sender-stall.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

/** A health server speaking the profile's healthy answers after `delayMs`. */
async function healthServer(config: Config, delayMs: number): Promise<{ server: Server; url: string }> {
  const api = config.profile.health.api;
  const body = (path: readonly string[] | undefined, value: string | undefined): string =>
    JSON.stringify({ [path?.[0] ?? 'status']: value ?? '' });
  const server = createServer((req, res) => {
    const text =
      req.url === api.ready.path
        ? body(api.ready.statusPath, api.ready.readyValues[0])
        : body(api.live.statusPath, api.live.healthyValues[0]);
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(text), delayMs);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function setup(delayMs: number) {
  const draft = await loadConfig({
    environment: 'local',
    cwd: ROOT,
    env: {},
    localBaseUrl: 'http://127.0.0.1',
  });
  const { server, url } = await healthServer(draft, delayMs);
  const config = await loadConfig({ environment: 'local', cwd: ROOT, env: {}, localBaseUrl: url });
  const outDir = mkdtempSync(join(tmpdir(), 'gp-open-loop-'));
  return {
    server,
    config,
    outDir,
    cleanup: () => (server.close(), rmSync(outDir, { recursive: true, force: true })),
  };
}

test('arrivals are scheduled from the start, not from earlier answers', () => {
  expect(intendedAt(1000, 0, 10)).toBe(1000);
  expect(intendedAt(1000, 25, 10)).toBe(3500);
});

test('an arrival that finds every slot busy is dropped and counted, never queued', async () => {
  const { config, outDir, cleanup } = await setup(250);
  try {
    const plan = {
      ...planFromConfig(
        { scenario: 'health-latency', durationS: 2, ratePerS: 10, maxInFlight: 1, gracefulStopS: 1 },
        config,
      ),
    };
    const { summary } = await runNodeScenario(plan, config, { outDir, allowRemote: false });
    const m = summary.metrics;
    const served = (m[M.health.name]?.values.count ?? 0) + (m[M.healthReady.name]?.values.count ?? 0);
    const dropped = m[M.dropped.name]?.values.count ?? 0;
    // 2 endpoints × 10/s × 2 s = 40 arrivals; one slot of 250 ms serves about 4 a second per endpoint.
    expect(dropped).toBeGreaterThanOrEqual(10);
    expect(served + dropped).toBeGreaterThanOrEqual(38);
    expect(served + dropped).toBeLessThanOrEqual(40);
    expect(m[M.health.name]?.values.min).toBeGreaterThanOrEqual(250);
    expect(summary.golden_path?.loadShape.kind).toBe('open-loop');
  } finally {
    cleanup();
  }
});

test('a stall of the sender is charged to latency and lag (no coordinated omission)', async () => {
  const { config, outDir, cleanup } = await setup(0);
  try {
    // This process's event loop blocked for 600 ms one second in: arrivals due meanwhile leave late.
    const m = (await runWithSenderStall(config, outDir)).metrics;
    expect(m[M.lag.name]?.values.max).toBeGreaterThanOrEqual(450);
    expect(m[M.health.name]?.values.max).toBeGreaterThanOrEqual(450);
    // How small the median stays (the server answers at once) is timing: npm run bench:k6-parity prints it.
    expect(m[M.dropped.name]?.values.count).toBe(0);
  } finally {
    cleanup();
  }
});
