// The netra-apex dialect's HTTP side: FastAPI-style auth bodies, tickets, its health and system endpoints, OAuth UI.
import { requestBase, type Core } from '../core.ts';
import { checkCache } from '../health/probes.ts';
import { commonRoutes, uiFaults } from '../http/common-routes.ts';
import { bearerToken, readJson, sendHtml, sendJson, sendOk, sendTruncatedJson } from '../http/http-io.ts';
import type { RouteTable } from '../http/routes.ts';
import { netraChatPage, netraLoginPage } from '../ui/netra-pages.ts';
import { netraDependencies, netraInfrastructure } from './netra-health.ts';

const UNAVAILABLE = { detail: 'Auth service unavailable' };

/** FastAPI's 422 body for missing fields; the submitted values are never echoed (one is a password). */
function missingFields(fields: string[]): { detail: unknown[] } {
  return { detail: fields.map((f) => ({ type: 'missing', loc: ['body', f], msg: 'Field required' })) };
}

export function netraRoutes(core: Core): RouteTable {
  return {
    ...commonRoutes(core),

    'POST /auth/login': async ({ req, res }) => {
      const body = await readJson(req);
      if (!body.ok)
        return sendJson(res, 422, {
          detail: [{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error' }],
        });
      const value = (typeof body.value === 'object' && body.value !== null ? body.value : {}) as Record<
        string,
        unknown
      >;
      const missing = ['email', 'password'].filter((f) => typeof value[f] !== 'string' || value[f] === '');
      if (missing.length > 0) return sendJson(res, 422, missingFields(missing));
      const result = await core.auth.login(String(value.email), String(value.password));
      if (result.kind === 'unavailable') return sendJson(res, result.status, UNAVAILABLE);
      if (result.kind === 'invalid') return sendJson(res, 401, { detail: 'Invalid credentials' });
      (core.faults.current.loginMalformedJson ? sendTruncatedJson : sendOk)(res, {
        access_token: result.accessToken,
        refresh_token: result.refreshToken,
        token_type: 'Bearer',
        expires_in: core.auth.tokens.ttlS,
        user: { id: result.user.id, email: result.user.email },
      });
    },

    'GET /auth/me': async ({ req, res }) => {
      const result = await core.auth.authenticate(bearerToken(req));
      if (result.kind === 'unavailable') return sendJson(res, result.status, UNAVAILABLE);
      if (result.kind === 'invalid') {
        return sendJson(res, 401, {
          detail: result.reason === 'missing' ? 'Not authenticated' : 'Invalid or expired token',
        });
      }
      const { id, email } = result.user;
      sendJson(res, 200, { user_id: id, email, name: email.split('@')[0], is_active: true, verified: true });
    },

    'GET /auth/health': ({ res }) => {
      const down = core.auth.downStatus;
      if (down !== undefined) return sendJson(res, down, UNAVAILABLE);
      const v = core.versionOf('auth');
      sendJson(res, 200, {
        status: 'healthy',
        service: 'auth-service',
        version: v.version,
        git_commit: v.commit,
      });
    },

    'POST /api/websocket/ticket': async ({ req, res }) => {
      const result = await core.auth.authenticate(bearerToken(req));
      if (result.kind === 'unavailable') return sendJson(res, result.status, UNAVAILABLE);
      if (result.kind === 'invalid') return sendJson(res, 401, { detail: 'Authentication required' });
      const ticket = core.tickets.issue(result.user);
      sendJson(res, 200, {
        ticket_id: ticket.ticketId,
        expires_at: ticket.expiresAt,
        ttl_seconds: ticket.ttlSeconds,
        single_use: true,
        websocket_url: `${requestBase(req, 'ws')}/ws?ticket=${encodeURIComponent(ticket.ticketId)}`,
      });
    },

    'GET /health': ({ res }) => sendJson(res, 200, { status: 'ok' }),

    // Shallow in the product: only a hanging cache (F6, the Redis incident) can hold it up.
    'GET /health/ready': async ({ res }) => {
      const cache = await checkCache(core);
      if (cache.status !== 'healthy')
        return sendJson(res, 503, { status: 'not_ready', error: cache.error ?? 'cache unavailable' });
      sendJson(res, 200, { status: 'ready' });
    },

    'GET /health/infrastructure': async ({ res }) => sendJson(res, 200, await netraInfrastructure(core)),

    'GET /api/system/info': ({ res }) => {
      const v = core.versionOf('api');
      sendJson(res, 200, {
        service: 'netra-backend',
        version: v.version,
        git_commit: v.commit,
        environment: 'development',
        uptime_seconds: core.uptimeS(),
      });
    },

    'GET /api/system/dependencies/status': async ({ res }) =>
      sendJson(res, 200, await netraDependencies(core)),

    'GET /ws/health': ({ res }) =>
      sendJson(res, 200, { status: 'healthy', active_connections: core.hub.count }),

    'GET /login': ({ res }) => sendHtml(res, netraLoginPage(core.versionOf('web'))),
    'GET /chat': ({ res }) => sendHtml(res, netraChatPage(core.versionOf('web'), uiFaults(core))),
  };
}
