// Routes every dialect serves the same way: the root redirect, the frontend's version file, the favicon.
import type { Core } from '../core.ts';
import { LOGO_ASSET, type UiFaults } from '../ui/page-shell.ts';
import { redirect, sendJson } from './http-io.ts';
import type { RouteTable } from './routes.ts';

export function commonRoutes(core: Core): RouteTable {
  return {
    'GET /': ({ res }) => redirect(res, '/login'),
    'GET /version.json': ({ res }) => sendJson(res, 200, core.versionOf('web')),
    'GET /favicon.ico': ({ res }) => {
      res.writeHead(204).end();
    },
    // Linked only under ui-asset-500, which also makes it fail: the page works, one of its assets does not.
    [`GET ${LOGO_ASSET}`]: ({ res }) => {
      if (core.faults.current.uiAsset500) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
        return;
      }
      res.writeHead(200, { 'content-type': 'image/svg+xml' }).end(LOGO_SVG);
    },
  };
}

const LOGO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7"/></svg>';

/** The web app's faults, read per page request. */
export function uiFaults(core: Core): UiFaults {
  const f = core.faults.current;
  return {
    staleBundle: f.frontendProtocolMismatch,
    notConnected: f.uiNotConnected,
    pageError: f.uiPageError,
    asset500: f.uiAsset500,
  };
}

/** Paths of the frontend: not counted by F7's burst and never stripped of headers by F4. */
export const FRONTEND_PATHS: ReadonlySet<string> = new Set([
  '/',
  '/login',
  '/chat',
  '/version.json',
  '/favicon.ico',
  LOGO_ASSET,
]);
