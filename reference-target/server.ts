// Starts the reference target: one HTTP server for auth, API, WebSocket and web UI, in the chosen dialect.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { RunDeps } from './agent/agent-run.ts';
import { createCore, type Core } from './core.ts';
import type { Dialect } from './dialects/dialect.ts';
import { defaultDialect } from './dialects/default.ts';
import { lumenDialect } from './dialects/lumen.ts';
import { netraApexDialect } from './dialects/netra-apex.ts';
import { ADMIN_PATH, handleAdmin } from './faults/admin-route.ts';
import { FRONTEND_PATHS } from './http/common-routes.ts';
import { answerPreflight, corsHeaders, echoedToken, sendJson } from './http/http-io.ts';
import { REQUEST_ID_HEADER, requestIdOf } from './http/request-id.ts';
import { routeKey, type RouteTable } from './http/routes.ts';
import { resolveSettings, type Settings } from './settings.ts';
import { chosenProtocol, handleUpgrade, rejectUpgrade } from './ws/upgrade.ts';

export interface RunningTarget {
  readonly url: string;
  readonly port: number;
  readonly settings: Settings;
  /** The dialect's auth service health path on this one port, if it has an auth service apart from the API. */
  readonly authHealthPath: string | undefined;
  /** Replaces the active faults (same syntax as GP_FAULTS); throws FaultSpecError on a bad spec. */
  setFaults(spec: string): void;
  /** Closes every WebSocket with 1001 "server shutting down", then stops listening. */
  close(): Promise<void>;
}

/** F11: past the capacity cliff every phase of a run takes this many times longer. */
const CLIFF_SLOWDOWN = 10;
/** How long a shutdown waits for peers to answer the 1001 close before cutting them off. */
const CLOSE_WAIT_MS = 1000;

const DIALECTS: Record<Settings['dialect'], Dialect> = {
  default: defaultDialect,
  'netra-apex': netraApexDialect,
  lumen: lumenDialect,
};

/** Oversize frames up to this size reach the connection's own check (a client's 1 MiB probe among them). */
const OVERSIZE_SEEN_BYTES = 4 * 1024 * 1024;

export async function startReferenceTarget(overrides: Partial<Settings> = {}): Promise<RunningTarget> {
  const settings = resolveSettings(overrides);
  const core = await createCore(settings);
  const dialect = DIALECTS[settings.dialect];
  const routes = dialect.routes(core);
  let accepting = true;

  const wss = new WebSocketServer({
    noServer: true,
    // Frames up to the settings' limit are served; larger ones up to this bound reach the connection, which refuses
    // them 1009 itself (so the crash-on-oversize fault can misbehave instead); beyond it, ws closes 1009.
    maxPayload: Math.max(settings.maxFrameBytes, OVERSIZE_SEEN_BYTES),
    perMessageDeflate: false,
    clientTracking: false,
    handleProtocols: (_offered, req) => chosenProtocol.get(req) ?? false,
  });
  // Leak canary: the 101 answer carries the token in a header.
  wss.on('headers', (headers, req) => {
    const token = echoedToken.get(req);
    if (token !== undefined) headers.push(`X-Debug-Token: ${token}`);
    headers.push(`X-Request-Id: ${requestIdOf(req)}`);
  });
  const runDeps = createRunDeps(core);

  const server = createServer((req, res) => {
    res.setHeader(REQUEST_ID_HEADER, requestIdOf(req));
    handleRequest(core, dialect, routes, req, res).catch((err: unknown) => {
      core.log.info('request failed', { path: req.url?.split('?')[0], error: String(err) });
      if (!res.headersSent) sendJson(res, 500, { error: 'internal_error' });
      else res.destroy();
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
    const deps = { core, dialect: dialect.ws, wss, runDeps, accepting: () => accepting };
    handleUpgrade(deps, req, socket, head).catch((err: unknown) => {
      core.log.info('upgrade failed', { error: String(err) });
      rejectUpgrade(socket, 500, 'internal error');
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${urlHost(settings.host)}:${port}`;
  core.log.info('listening', { url, dialect: settings.dialect, faults: core.faults.spec || '(none)' });

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    settings,
    authHealthPath: dialect.authHealthPath,
    setFaults: (spec) => core.faults.replace(spec),
    close: () => {
      closing ??= (async () => {
        accepting = false;
        await core.hub.closeAll(1001, 'server shutting down', CLOSE_WAIT_MS);
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const cutoff = setTimeout(() => server.closeAllConnections(), CLOSE_WAIT_MS);
        await closed;
        clearTimeout(cutoff);
        wss.close();
      })();
      return closing;
    },
  };
}

function createRunDeps(core: Core): RunDeps {
  const s = core.settings;
  return {
    threads: core.threads,
    phaseDelayMs: s.phaseDelayMs,
    streamChunks: s.streamChunks,
    seed: s.seed,
    faults: () => core.faults.current,
    slowdown: () => {
      const cliff = core.faults.current.capacityCliff;
      return cliff !== undefined && core.hub.count >= cliff ? CLIFF_SLOWDOWN : 1;
    },
    otherUserId: (userId) => core.auth.users.all().find((u) => u.id !== userId)?.id ?? 'usr_someone_else',
  };
}

async function handleRequest(
  core: Core,
  dialect: Dialect,
  routes: RouteTable,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://request.local');
  if (url.pathname === ADMIN_PATH) {
    return handleAdmin(req, res, core.faults, core.settings.adminToken, core.log);
  }
  if (dialect.cors) {
    if (req.method === 'OPTIONS') return answerPreflight(req, res);
    for (const [name, value] of Object.entries(corsHeaders(req))) res.setHeader(name, value);
  }

  if (!FRONTEND_PATHS.has(url.pathname)) {
    // F7: the service is still starting; the load balancer answers for it.
    const cold = core.faults.takeColdStartStatus();
    if (cold !== undefined) {
      return sendJson(res, cold, {
        error: cold === 503 ? 'service_unavailable' : 'internal_server_error',
        detail: 'service starting',
      });
    }
    // F4: the load balancer drops the credential header (Authorization; lumen: Cookie) on its way to the backend.
    if (core.faults.current.stripAuthHeader) delete req.headers[dialect.ws.credentialHeader];
    const token = dialect.requestToken(req, url);
    if (core.faults.current.echoTokenEverywhere && token) {
      // Leak canary: the token back in a header and in every error body.
      res.setHeader('x-debug-token', token);
      echoedToken.set(res, token);
    }
  }

  const handler = routes[routeKey(req.method ?? 'GET', url.pathname)];
  if (handler) return handler({ req, res, url });
  const otherMethod = Object.keys(routes).some((key) => key.endsWith(` ${url.pathname}`));
  sendJson(res, otherMethod ? 405 : 404, { error: otherMethod ? 'method_not_allowed' : 'not_found' });
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
