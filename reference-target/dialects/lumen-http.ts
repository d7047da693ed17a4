// The lumen dialect's HTTP side: a username login that sets an opaque session cookie, whoami, bare liveness and
// readiness booleans — and nothing else (no web UI, no version or infrastructure endpoints, no CORS).
import type { IncomingMessage } from 'node:http';
import type { Core } from '../core.ts';
import { checkCache } from '../health/probes.ts';
import { cookieValue, readJson, sendJson } from '../http/http-io.ts';
import type { RouteTable } from '../http/routes.ts';
import type { User } from '../auth/user-store.ts';

export const SESSION_COOKIE = 'lumen_sid';

const AUTH_UNAVAILABLE = { error: 'auth_unavailable' };
const BAD_REQUEST = { error: 'bad_request' };

export function sessionId(req: IncomingMessage): string | undefined {
  const value = cookieValue(req, SESSION_COOKIE);
  return value === '' ? undefined : value;
}

function publicUser(core: Core, user: User): { user: { id: string; username: string } } {
  return { user: { id: user.id, username: core.auth.users.usernameOf(user) } };
}

export function lumenRoutes(core: Core): RouteTable {
  return {
    'POST /api/session': async ({ req, res }) => {
      const body = await readJson(req);
      if (!body.ok || typeof body.value !== 'object' || body.value === null) {
        return sendJson(res, 400, BAD_REQUEST);
      }
      const { username, password } = body.value as Record<string, unknown>;
      if (
        typeof username !== 'string' ||
        username === '' ||
        typeof password !== 'string' ||
        password === ''
      ) {
        return sendJson(res, 400, BAD_REQUEST);
      }
      const result = await core.auth.loginSession(username, password);
      if (result.kind === 'unavailable') return sendJson(res, result.status, AUTH_UNAVAILABLE);
      if (result.kind === 'invalid') return sendJson(res, 401, { error: 'bad_credentials' });
      sendJson(res, 200, publicUser(core, result.user), {
        'set-cookie': `${SESSION_COOKIE}=${result.sessionId}; HttpOnly; Path=/; SameSite=Lax`,
      });
    },

    // Logging out ends the session on the server and clears the cookie in the browser.
    'DELETE /api/session': ({ req, res }) => {
      const sid = sessionId(req);
      if (sid !== undefined) core.auth.sessions.revoke(sid);
      res.writeHead(204, {
        'set-cookie': `${SESSION_COOKIE}=; HttpOnly; Path=/; SameSite=Lax; Max-Age=0`,
        'content-length': 0,
      });
      res.end();
    },

    'GET /api/whoami': async ({ req, res }) => {
      const result = await core.auth.authenticateSession(sessionId(req));
      if (result.kind === 'unavailable') return sendJson(res, result.status, AUTH_UNAVAILABLE);
      if (result.kind === 'invalid') return sendJson(res, 401, { error: 'unauthorized' });
      sendJson(res, 200, publicUser(core, result.user));
    },

    'GET /livez': ({ res }) => sendJson(res, 200, { alive: true }),

    // Ready when the session store (the auth service) answers and the cache does (F6 holds the latter up).
    'GET /readyz': async ({ res }) => {
      const cache = await checkCache(core);
      const ready = cache.status === 'healthy' && core.auth.downStatus === undefined;
      sendJson(res, ready ? 200 : 503, { ready });
    },
  };
}
