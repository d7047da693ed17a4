// The default dialect's HTTP side: auth, health and the two pages, with golden-path-contract.md's bodies.
import type { Core } from '../core.ts';
import { infrastructure, readinessChecks } from '../health/probes.ts';
import { commonRoutes, uiFaults } from '../http/common-routes.ts';
import { bearerToken, readJson, sendHtml, sendJson, sendOk, sendTruncatedJson } from '../http/http-io.ts';
import type { RouteTable } from '../http/routes.ts';
import { defaultChatPage, defaultLoginPage } from '../ui/default-pages.ts';

const AUTH_UNAVAILABLE = { error: 'auth_unavailable' };

export function defaultRoutes(core: Core): RouteTable {
  return {
    ...commonRoutes(core),

    'POST /auth/login': async ({ req, res }) => {
      const body = await readJson(req);
      if (!body.ok) {
        return sendJson(res, 400, {
          error: 'invalid_request',
          detail: body.reason === 'too_large' ? 'body too large' : 'body is not valid JSON',
        });
      }
      const { email, password } = (
        typeof body.value === 'object' && body.value !== null ? body.value : {}
      ) as Record<string, unknown>;
      if (typeof email !== 'string' || email === '' || typeof password !== 'string' || password === '') {
        return sendJson(res, 400, {
          error: 'invalid_request',
          detail: 'email and password are required strings',
        });
      }
      const result = await core.auth.login(email, password);
      if (result.kind === 'unavailable') return sendJson(res, result.status, AUTH_UNAVAILABLE);
      if (result.kind === 'invalid') return sendJson(res, 401, { error: 'invalid_credentials' });
      (core.faults.current.loginMalformedJson ? sendTruncatedJson : sendOk)(res, {
        access_token: result.accessToken,
        refresh_token: result.refreshToken,
        token_type: 'Bearer',
        expires_in: core.auth.tokens.ttlS,
        user: { id: result.user.id, email: result.user.email },
      });
    },

    'POST /auth/refresh': async ({ req, res }) => {
      const body = await readJson(req);
      const refreshToken = body.ok
        ? (
            (typeof body.value === 'object' && body.value !== null ? body.value : {}) as Record<
              string,
              unknown
            >
          ).refresh_token
        : undefined;
      if (typeof refreshToken !== 'string' || refreshToken === '')
        return sendJson(res, 400, { error: 'invalid_request', detail: 'refresh_token is a required string' });
      const result = await core.auth.refresh(refreshToken);
      if (result.kind === 'unavailable') return sendJson(res, result.status, AUTH_UNAVAILABLE);
      if (result.kind === 'invalid') return sendJson(res, 401, { error: 'invalid_token' });
      sendJson(res, 200, {
        access_token: result.accessToken,
        token_type: 'Bearer',
        expires_in: core.auth.tokens.ttlS,
      });
    },

    'GET /auth/me': async ({ req, res }) => {
      const result = await core.auth.authenticate(bearerToken(req));
      if (result.kind === 'unavailable') return sendJson(res, result.status, AUTH_UNAVAILABLE);
      if (result.kind === 'invalid') return sendJson(res, 401, { error: 'invalid_token' });
      sendJson(res, 200, { id: result.user.id, email: result.user.email });
    },

    // The auth service's own liveness (AUTH_URL/health); one port serves every service, hence the prefix.
    'GET /auth/health': ({ res }) => {
      const down = core.auth.downStatus;
      if (down !== undefined) return sendJson(res, down, AUTH_UNAVAILABLE);
      sendJson(res, 200, { status: 'healthy', ...core.versionOf('auth') });
    },

    'GET /health': ({ res }) =>
      sendJson(res, 200, { status: 'healthy', ...core.versionOf('api'), uptime_s: core.uptimeS() }),

    'GET /health/ready': async ({ res }) => {
      const checks = await readinessChecks(core);
      const ready = Object.values(checks).every((c) => c.status === 'healthy');
      sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not_ready', checks });
    },

    'GET /health/infrastructure': async ({ res }) => sendJson(res, 200, await infrastructure(core)),

    'GET /ws/health': ({ res }) =>
      sendJson(res, 200, { status: 'healthy', active_connections: core.hub.count }),

    'GET /login': ({ res }) =>
      sendHtml(res, defaultLoginPage(core.versionOf('web'), core.settings.uiTokenStore)),
    'GET /chat': ({ res }) =>
      sendHtml(res, defaultChatPage(core.versionOf('web'), uiFaults(core), core.settings.uiTokenStore)),
  };
}
