// What differs between wire dialects, behind one interface; the server core, stores and agent are shared.
import type { IncomingMessage } from 'node:http';
import type { AgentEvent } from '../agent/agent-event.ts';
import type { User } from '../auth/user-store.ts';
import type { Core } from '../core.ts';
import type { RouteTable } from '../http/routes.ts';
import type { DialectName } from '../settings.ts';
import type { Frame } from '../ws/frame.ts';

/** Where the client put its credential, as the dialect found it. */
export type Credential =
  | { readonly carrier: 'none' }
  | { readonly carrier: 'header' | 'query' | 'cookie'; readonly token: string }
  | { readonly carrier: 'subprotocol'; readonly token: string; readonly entry: string }
  | { readonly carrier: 'ticket'; readonly ticketId: string };

export type Inbound =
  | { readonly kind: 'ping' }
  /** The client's answer to the server's keepalive ping (lumen: it must echo the ping's nonce). */
  | { readonly kind: 'pong'; readonly nonce: string | undefined }
  | {
      readonly kind: 'ask';
      readonly content: string;
      readonly threadId: string | undefined;
      /** The client's id for this turn (lumen's `rid`), quoted on every frame of the turn. */
      readonly requestId?: string;
    }
  | { readonly kind: 'ignore' }
  | {
      readonly kind: 'error';
      readonly code: InboundErrorCode;
      readonly message: string;
      readonly requestId?: string;
    };

export type InboundErrorCode = 'invalid_json' | 'invalid_message' | 'unknown_message_type' | 'empty_content';

/** Error codes a connection reports in error frames (dialects may rename them on the wire). */
export type WireErrorCode = InboundErrorCode | 'thread_not_found' | 'duplicate_request';

/** What an error frame may name: the run it ended and the client's request id. */
export interface ErrorIds {
  readonly runId?: string;
  readonly threadId?: string;
  readonly requestId?: string;
}

/** The turn a run belongs to, as the connection knows it (lumen quotes the request id on each frame). */
export interface Turn {
  readonly requestId?: string;
}

/** The state of one connection that frames may mention. */
export interface ConnectionView {
  readonly connectionId: string;
  readonly user: User;
  readonly demo: boolean;
  readonly openedAt: number;
  readonly sent: number;
  readonly received: number;
}

export interface WsDialect {
  /** Whether the upgrade's path is a socket endpoint (undefined = 404), and the user id it names, if any. */
  matchPath(pathname: string): { readonly userId?: string } | undefined;
  /** How a rejected credential is answered: HTTP status at upgrade, or accept + error frame + close 1008. */
  readonly rejection: 'http-401' | 'close-1008';
  /**
   * The server's keepalive, every REF_HEARTBEAT_MS: none; a heartbeat frame while the client is quiet; or a ping
   * whose nonce the client must echo, two unanswered in a row closing the socket 4408.
   */
  readonly keepalive: 'none' | 'heartbeat-when-quiet' | 'ping-nonce';
  /** Whether a user's turns go to every open socket of that user, not only to the one that asked. */
  readonly fanOut: boolean;
  /** The request header that carries the credential (what the strip-auth-header fault removes). */
  readonly credentialHeader: 'authorization' | 'cookie';
  findCredential(req: IncomingMessage, url: URL, offered: readonly string[]): Credential;
  /** The subprotocol to echo; `echoToken` is F16 (echo the token-bearing entry). */
  selectProtocol(offered: readonly string[], credential: Credential, echoToken: boolean): string | false;
  authFailedFrame(message: string): Frame;
  established(conn: ConnectionView): Frame;
  pong(conn: ConnectionView): Frame;
  /** `nonce` is the value a `ping-nonce` client must echo (other keepalives ignore it). */
  heartbeat(conn: ConnectionView, nonce: string): Frame;
  parseInbound(message: Readonly<Record<string, unknown>>): Inbound;
  errorFrame(code: WireErrorCode, message: string, conn: ConnectionView, ids?: ErrorIds): Frame;
  /** null = this dialect does not put the event on the wire. */
  renderEvent(event: AgentEvent, turn: Turn): Frame | null;
  /** The name the drop-event fault matches a frame by (its wire type, or the agent event it renders). */
  frameKind(frame: Frame, event?: AgentEvent): string;
  /** The leak-marker fault's frame: a piece of answer text with no user, run or thread id (else a bare notice). */
  leakFrame?(text: string): Frame;
}

export interface Dialect {
  readonly name: DialectName;
  readonly ws: WsDialect;
  /** Whether the API answers CORS (origin echo, OPTIONS preflight). */
  readonly cors: boolean;
  /**
   * Where the auth service's own health is, when the dialect has an auth service apart from the API: one port serves
   * both here, so it sits under the auth prefix, not at the path a real auth service would use. Announced in the
   * listening line; undefined when the login lives in the API itself.
   */
  readonly authHealthPath?: string;
  /** The caller's credential on an HTTP request, for the echo-token-everywhere canary. */
  requestToken(req: IncomingMessage, url: URL): string | undefined;
  routes(core: Core): RouteTable;
}
