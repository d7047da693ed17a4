// The server's shared components (stores, auth, faults, connections), built once per start and handed to dialects.
import type { IncomingMessage } from 'node:http';
import { AuthService } from './auth/auth-service.ts';
import { SessionStore } from './auth/session-store.ts';
import { TicketStore } from './auth/ticket-store.ts';
import { TokenService } from './auth/token-service.ts';
import { UserStore } from './auth/user-store.ts';
import { FaultState } from './faults/fault-state.ts';
import { createLogger, type Logger } from './log.ts';
import type { Settings } from './settings.ts';
import { Cache } from './stores/cache.ts';
import { DbPool } from './stores/db-pool.ts';
import { ThreadStore } from './stores/thread-store.ts';
import { Hub } from './ws/hub.ts';

export type Service = 'api' | 'auth' | 'web';

export interface VersionInfo {
  readonly version: string;
  readonly commit: string;
}

export interface Core {
  readonly settings: Settings;
  readonly log: Logger;
  readonly faults: FaultState;
  readonly auth: AuthService;
  readonly pool: DbPool;
  readonly threads: ThreadStore;
  readonly cache: Cache;
  readonly tickets: TicketStore;
  readonly hub: Hub;
  readonly startedAt: number;
  versionOf(service: Service): VersionInfo;
  uptimeS(): number;
}

export async function createCore(settings: Settings): Promise<Core> {
  const faults = new FaultState(settings.faults, settings.seed);
  const users = await UserStore.create(settings.users);
  const tokens = new TokenService(settings.jwtSecret, settings.tokenTtlS);
  const auth = new AuthService(users, tokens, new SessionStore(settings.tokenTtlS), faults);
  const pool = new DbPool(() => faults.current.dbSlowMs);
  const cache = new Cache();
  const startedAt = Date.now();
  return {
    settings,
    log: createLogger(settings.log),
    faults,
    auth,
    pool,
    threads: new ThreadStore(pool),
    cache,
    tickets: new TicketStore(cache),
    hub: new Hub(),
    startedAt,
    versionOf(service) {
      const own = { version: settings.version, commit: settings.commit };
      // F12: the API was deployed from another build than the auth service and the frontend.
      return service === 'api' && faults.current.versionDrift ? driftedVersion(own) : own;
    },
    uptimeS: () => Math.round((Date.now() - startedAt) / 100) / 10,
  };
}

/** The next patch version and a different commit of the same length. */
export function driftedVersion(v: VersionInfo): VersionInfo {
  const m = /^(\d+)\.(\d+)\.(\d+)(.*)$/.exec(v.version);
  const version = m ? `${m[1]}.${m[2]}.${Number(m[3]) + 1}${m[4]}` : `${v.version}-drift`;
  const commit = [...v.commit.toLowerCase()].map((c) => (15 - parseInt(c, 16)).toString(16)).join('');
  return { version, commit };
}

/** The base URL a client used to reach us (for URLs we hand back, such as a ticket's websocket_url). */
export function requestBase(req: IncomingMessage, scheme: 'http' | 'ws'): string {
  const host = req.headers.host ?? '127.0.0.1';
  return `${scheme}://${host}`;
}
