// Unit tests of the health client against a scripted in-process server: body status judged, hangs cut, CORS, 5xx.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import type { ProfileDefinition } from '../../profiles/define.ts';
import { loadConfig, type Config } from '../config/index.ts';
import { at } from '../testing/scripted-target.ts';
import { HealthClient } from './health-client.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const servers: Server[] = [];
let routes: Record<string, Handler> = {};

async function start(): Promise<string> {
  const server = createServer((req, res) => {
    const route = routes[`${req.method} ${new URL(req.url ?? '/', 'http://x').pathname}`];
    if (route) route(req, res);
    else res.writeHead(404).end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const json =
  (status: number, body: unknown): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
/** Accepts the request and never answers (the F6 hang). */
const hang: Handler = () => undefined;

async function configFor(base: string, patch: (c: Config) => Config = (c) => c): Promise<Config> {
  // The API and the auth service behind one scripted server: the auth service's health on its own path, as the
  // default dialect's target announces it (a profile's own path is the fallback, and it equals the API's here).
  const config = await loadConfig({
    environment: 'local',
    env: { AUTH_HEALTH_PATH: '/auth/health' },
    localBaseUrl: base,
  });
  return patch({
    ...config,
    settings: { ...config.settings, HEALTH_SAMPLES: 3, HEALTH_SAMPLE_SPACING_MS: 0 },
  });
}

test.afterEach(() => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

test.beforeEach(() => {
  routes = {};
});

test('200 with a "degraded" body is not live, and a 503 is counted as a 5xx', async () => {
  const base = await start();
  const config = await configFor(base);
  const { api, auth } = config.profile.health;
  const status = api.live.statusPath?.[0] ?? 'status';
  routes[`GET ${api.live.path}`] = json(200, { [status]: 'degraded' });
  routes[`GET ${auth.live.path}`] = json(503, { [status]: 'starting' });
  const health = new HealthClient(config);
  const live = await health.liveness();
  expect(live.ok).toBe(false);
  expect(live.message.split('\n')[0]).toBe(
    `API and auth service not live (F7): 3 of 3 API answers not healthy, first: ${base}${api.live.path} answered 200 but reports "degraded" (healthy: ${api.live.healthyValues.join(', ')}); ` +
      `3 of 3 auth service answers not healthy, first: ${base}${auth.live.path} answered 503 "starting"`,
  );
  expect(live.sla.map((r) => r.summary?.n)).toEqual([3, 3]);
  const bursts = health.serverErrors();
  expect(bursts.message).toMatch(
    /^service unavailable: 5xx burst \(F7\): 3 of 6 answers were 5xx \(503 ×3\): 503 GET \S+ at \+0\.\d\ds/,
  );
});

test('a proxy answering 502 for the auth service: liveness names the upstream (F18), not auth (F2)', async () => {
  const base = await start();
  const config = await configFor(base);
  const { api, auth } = config.profile.health;
  routes[`GET ${api.live.path}`] = json(200, {
    [api.live.statusPath?.[0] ?? 'status']: api.live.healthyValues[0],
  });
  routes[`GET ${auth.live.path}`] = (_req, res) =>
    res.writeHead(502, { 'content-type': 'text/html' }).end('<html><title>502 Bad Gateway</title></html>');
  const live = await new HealthClient(config).liveness();
  expect(live).toHaveProperty('finding.class', 'F18');
});

test('the app shell answering the health endpoints: an HTML page where JSON was expected (F19), its bytes named', async () => {
  const base = await start();
  const config = await configFor(base);
  const { api, auth } = config.profile.health;
  const shell: Handler = (_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><div id="root"></div>');
  routes[`GET ${api.live.path}`] = shell;
  routes[`GET ${auth.live.path}`] = shell;
  const live = await new HealthClient(config).liveness();
  expect(live.ok).toBe(false);
  expect(live).toHaveProperty('finding.class', 'F19');
  expect(live.finding?.summary).toContain('<!doctype html>');
  expect(live.message.split('\n')[0]).toMatch(/^HTML where JSON was expected \(F19\): /);
});

test('a hanging readiness call is cut just past its bound; the dependency is named from its own endpoint', async () => {
  const base = await start();
  const config = await configFor(base, (c) => {
    const ready = c.profile.health.api.ready;
    // A product that lists dependencies at another endpoint, as an array.
    const dependencies = {
      path: '/deps',
      at: 'items',
      shape: 'array',
      namePath: 'name',
      statusPath: 'state',
      latencyPath: 'ms',
      okValues: ['up'],
    } as const;
    const profile: ProfileDefinition = {
      ...c.profile,
      health: { ...c.profile.health, api: { ...c.profile.health.api, ready: { ...ready, dependencies } } },
    };
    const def = c.sla['health.ready.latency'];
    return { ...c, profile, sla: { ...c.sla, 'health.ready.latency': { ...def, target: 200 } } };
  });
  const { api } = config.profile.health;
  routes[`GET ${api.live.path}`] = json(200, { status: 'healthy' });
  routes[`GET ${api.ready.path}`] = hang;
  routes['GET /deps'] = json(200, {
    items: [
      { name: 'redis', state: 'timeout', ms: 30_000 },
      { name: 'pg', state: 'up', ms: 2 },
    ],
  });
  const started = performance.now();
  const ready = await new HealthClient(config).readiness();
  expect(performance.now() - started, 'cut at 200 ms + 250 ms margin, not waiting for the hang').toBeLessThan(
    2000,
  );
  expect(ready.message).toMatch(
    new RegExp(
      `^readiness blocked \\(F6\\): ${base}${api.ready.path} gave no answer and was cut after \\d+ ms \\(the health.ready.latency bound 200 ms plus margin\\), while liveness answered in \\d+ ms; dependencies \\(/deps\\): redis timeout \\(30.0 s\\), pg up \\(2 ms\\); SLA health.ready.latency breached on local: \\d+ ms > 200 ms \\(n=1\\)$`,
      'm',
    ),
  );
});

test('CORS: a refused cross-origin preflight is a problem; a refused same-origin one is not applicable', async () => {
  const api = await start();
  const web = await start();
  routes[`OPTIONS /auth/login`] = (req, res) => {
    res
      .writeHead(204, {
        'access-control-allow-origin': String(req.headers.origin),
        'access-control-allow-headers': 'content-type',
      })
      .end();
  };
  const cross = await configFor(api, (c) => ({ ...c, urls: { ...c.urls, web } }));
  const verdict = await new HealthClient(cross).cors();
  expect(verdict.ok).toBe(false);
  expect(verdict.problems).toEqual([
    `preflight OPTIONS ${api}${cross.profile.health.api.live.path} from origin ${web} (GET, ${cross.profile.ws.carriers.find((c) => c.kind === 'header') ? 'authorization' : ''}) answered 404 (a browser needs 2xx)`,
  ]);
  const same = await new HealthClient(await configFor(api)).cors();
  expect(same.ok).toBe(true);
  expect(same.notApplicable).toEqual([
    expect.stringContaining("shares the frontend's origin, no preflight is sent"),
  ]);
});

test('an unreadable version source fails the version check', async () => {
  const base = await start();
  const config = await configFor(base);
  const status = config.profile.health.api.live.statusPath?.[0] ?? 'status';
  routes[`GET ${config.profile.health.api.live.path}`] = json(200, {
    [status]: 'healthy',
    version: '1.0.0',
    commit: 'abcdef1',
  });
  routes[`GET ${config.profile.health.auth.live.path}`] = json(200, {
    [status]: 'healthy',
    version: '1.0.0',
    commit: 'abcdef1',
  });
  routes['GET /login'] = (_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end('<html><head></head></html>');
  const versions = await new HealthClient(config).versions();
  expect(versions.message).toMatch(
    /^version drift \(F12\): could not read the frontend's version from \S+\/login <meta name="version">: no <meta name="version"> in the page$/m,
  );
});

test('the WebSocket health endpoint: its own status judged, its active connections reported', async () => {
  const base = await start();
  const config = await configFor(base);
  const { api } = config.profile.health;
  const ws = api.ws;
  if (!ws) throw new Error('the default profile names a WebSocket health endpoint');
  const body = (status: string, connections?: number) =>
    at({
      [ws.statusPath[0] ?? '']: status,
      ...(connections !== undefined ? { [ws.connectionsPath[0] ?? '']: connections } : {}),
    });
  const healthy = api.live.healthyValues[0] ?? '';
  routes[`GET ${ws.path}`] = json(200, body(healthy, 3));
  const live = await new HealthClient(config).wsHealth();
  expect(live.ok).toBe(true);
  expect(live.message).toMatch(
    new RegExp(`^health\\.ws: ${base}${ws.path} healthy in \\d+ ms \\(3 active connections\\)$`),
  );
  expect(live.evidence).toEqual({ status: 200, activeConnections: 3 });

  routes[`GET ${ws.path}`] = json(200, body('degraded', 1));
  const degraded = await new HealthClient(config).wsHealth();
  expect(degraded.message).toBe(
    `WebSocket service not healthy: ${base}${ws.path} answered 200 but reports "degraded" (healthy: ${api.live.healthyValues.join(', ')}) (1 active connection)`,
  );

  routes[`GET ${ws.path}`] = json(200, body(healthy));
  const uncounted = await new HealthClient(config).wsHealth();
  expect(uncounted.ok).toBe(true);
  expect(uncounted.notApplicable).toEqual([
    `WebSocket health: ${base}${ws.path} reports no active-connection count at ${ws.connectionsPath.join(' | ')}`,
  ]);
});
