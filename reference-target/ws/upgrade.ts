// The WebSocket handshake: path, cold start, header stripping, auth in the dialect's order, and the F3/F11/F15/F16
// handshake faults; rejections are written on the raw socket so we control the status and body.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import type { RunDeps } from '../agent/agent-run.ts';
import { DEMO_USER, type AuthResult } from '../auth/auth-service.ts';
import type { User } from '../auth/user-store.ts';
import type { Core } from '../core.ts';
import type { Credential, WsDialect } from '../dialects/dialect.ts';
import { echoedToken } from '../http/http-io.ts';
import { Connection } from './connection.ts';
import type { Frame } from './frame.ts';

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  426: 'Upgrade Required',
  503: 'Service Unavailable',
};

/** The subprotocol chosen for a request, read back by the server's `handleProtocols` hook. */
export const chosenProtocol = new WeakMap<IncomingMessage, string | false>();

export interface UpgradeDeps {
  readonly core: Core;
  readonly dialect: WsDialect;
  readonly wss: WebSocketServer;
  readonly runDeps: RunDeps;
  readonly accepting: () => boolean;
}

export function rejectUpgrade(socket: Duplex, status: number, body: string): void {
  if (socket.destroyed) return;
  const text = STATUS_TEXT[status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

export function offeredProtocols(req: IncomingMessage): string[] {
  const header = req.headers['sec-websocket-protocol'];
  if (header === undefined) return [];
  return header
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

export async function handleUpgrade(
  deps: UpgradeDeps,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): Promise<void> {
  const { core, dialect } = deps;
  socket.on('error', () => undefined);
  const url = new URL(req.url ?? '/', 'http://upgrade.local');
  const route = dialect.matchPath(url.pathname);
  if (route === undefined) return rejectUpgrade(socket, 404, 'no WebSocket endpoint here');
  if (!deps.accepting()) return rejectUpgrade(socket, 503, 'server shutting down');
  if (core.faults.takeColdStartUpgrade()) return rejectUpgrade(socket, 503, 'service starting');

  const faults = core.faults.current;
  // F17: what a backend answers when a proxy passed the upgrade on as a plain GET (no Upgrade/Connection).
  if (faults.wsNoUpgrade) return rejectUpgrade(socket, 426, 'Upgrade Required');
  // F4: what reaches the backend after a load balancer that drops these headers.
  if (faults.stripAuthHeader) delete req.headers[dialect.credentialHeader];
  if (faults.stripSubprotocol) delete req.headers['sec-websocket-protocol'];

  const offered = offeredProtocols(req);
  const credential = dialect.findCredential(req, url, offered);
  const token = 'token' in credential ? credential.token : undefined;
  const echo = core.faults.current.echoTokenEverywhere ? token : undefined;
  // Leak canary: the token in the 101's headers (server.ts), in refusals and in the agent's error frames.
  if (echo !== undefined) echoedToken.set(req, echo);
  const refusal = (text: string): string => (echo === undefined ? text : `${text} (token ${echo})`);
  const auth = await authenticate(core, credential);
  chosenProtocol.set(req, dialect.selectProtocol(offered, credential, core.faults.current.echoToken));
  if (socket.destroyed) return;

  const accept = (then: (ws: WebSocket) => void): void => deps.wss.handleUpgrade(req, socket, head, then);
  const acceptThenClose = (frame: Frame | undefined, code: number, reason: string): void =>
    accept((ws) => {
      if (frame) ws.send(JSON.stringify(frame));
      ws.close(code, reason);
    });

  if (auth.kind === 'unavailable') {
    core.log.info('ws auth unavailable', { status: auth.status });
    // F2: the backend cannot validate any token while the auth service is down.
    if (dialect.rejection === 'http-401')
      return rejectUpgrade(socket, 503, refusal('auth service unavailable'));
    return acceptThenClose(
      dialect.authFailedFrame('Auth service unavailable'),
      1011,
      'Auth service unavailable',
    );
  }

  let user: User;
  let demo = false;
  if (auth.kind === 'ok' && !core.faults.current.authBypass) {
    // lumen: the path names a user, who must be the session's own (checked before F22 swaps the identity).
    if (route.userId !== undefined && route.userId !== auth.user.id) {
      core.log.info('ws path names another user', { carrier: credential.carrier });
      return rejectUpgrade(socket, 403, refusal('forbidden: the path names another user'));
    }
    // F22: the socket serves another user than the token names (its ready frame and every event say so).
    user = core.faults.current.serveOtherIdentity ? otherUser(core, auth.user) : auth.user;
  } else if (core.faults.current.authBypass) {
    // F15: demo mode — every client, authenticated or not, becomes the same identity.
    user = DEMO_USER;
    demo = true;
  } else {
    const reason = auth.kind === 'invalid' ? auth.reason : 'invalid';
    core.log.info('ws auth rejected', { carrier: credential.carrier, reason });
    if (dialect.rejection === 'http-401')
      return rejectUpgrade(socket, 401, refusal(`unauthorized: ${reason} token`));
    return acceptThenClose(
      dialect.authFailedFrame(refusal(`Authentication failed: ${reason} token`)),
      1008,
      'Authentication failed',
    );
  }

  const cliff = core.faults.current.capacityCliff;
  if (cliff !== undefined && core.hub.count >= cliff)
    return acceptThenClose(undefined, 1011, 'server at capacity');
  // F3: the handshake completes, then the server falls over before its first frame.
  if (core.faults.rollRace()) return acceptThenClose(undefined, 1011, 'internal error');

  accept((ws) => {
    const conn = new Connection(ws, user, demo, dialect, core, deps.runDeps, echo);
    conn.open();
    core.log.info('ws connected', {
      connection: conn.connectionId,
      user: user.id,
      carrier: credential.carrier,
    });
  });
}

async function authenticate(core: Core, credential: Credential): Promise<AuthResult> {
  switch (credential.carrier) {
    case 'none':
      return { kind: 'invalid', reason: 'missing' };
    case 'ticket': {
      const user = core.tickets.redeem(credential.ticketId);
      return user ? { kind: 'ok', user } : { kind: 'invalid', reason: 'invalid' };
    }
    case 'cookie':
      return core.auth.authenticateSession(credential.token);
    default:
      return core.auth.authenticate(credential.token);
  }
}

/** Another seeded user; with only one, an id that extends this one (`usr_1` → `usr_10`), which a prefix match would pass. */
function otherUser(core: Core, user: User): User {
  return core.auth.users.all().find((u) => u.id !== user.id) ?? { ...user, id: `${user.id}0` };
}
