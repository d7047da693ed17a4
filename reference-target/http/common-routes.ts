// Routes every dialect serves the same way: the root redirect, the frontend's version file, the favicon.
import type { Core } from '../core.ts';
import { redirect, sendJson } from './http-io.ts';
import type { RouteTable } from './routes.ts';

export function commonRoutes(core: Core): RouteTable {
  return {
    'GET /': ({ res }) => redirect(res, '/login'),
    'GET /version.json': ({ res }) => sendJson(res, 200, core.versionOf('web')),
    'GET /favicon.ico': ({ res }) => {
      res.writeHead(204).end();
    },
  };
}

/** Paths of the frontend: not counted by F7's burst and never stripped of headers by F4. */
export const FRONTEND_PATHS: ReadonlySet<string> = new Set([
  '/',
  '/login',
  '/chat',
  '/version.json',
  '/favicon.ico',
]);
