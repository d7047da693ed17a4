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
  | { readonly carrier: 'header' | 'query'; readonly token: string }
  | { readonly carrier: 'subprotocol'; readonly token: string; readonly entry: string }
  | { readonly carrier: 'ticket'; readonly ticketId: string };

export type Inbound =
  | { readonly kind: 'ping' }
  | { readonly kind: 'ask'; readonly content: string; readonly threadId: string | undefined }
  | { readonly kind: 'ignore' }
  | { readonly kind: 'error'; readonly code: InboundErrorCode; readonly message: string };

export type InboundErrorCode = 'invalid_message' | 'unknown_message_type' | 'empty_content';

/** Error codes a connection reports in error frames (dialects may rename them on the wire). */
export type WireErrorCode = InboundErrorCode | 'invalid_json' | 'thread_not_found';

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
  readonly paths: readonly string[];
  /** How a rejected credential is answered: HTTP status at upgrade, or accept + error frame + close 1008. */
  readonly rejection: 'http-401' | 'close-1008';
  /** Whether the server sends heartbeats while the client is quiet (every REF_HEARTBEAT_MS). */
  readonly sendsHeartbeats: boolean;
  findCredential(req: IncomingMessage, url: URL, offered: readonly string[]): Credential;
  /** The subprotocol to echo; `echoToken` is F16 (echo the token-bearing entry). */
  selectProtocol(offered: readonly string[], credential: Credential, echoToken: boolean): string | false;
  authFailedFrame(message: string): Frame;
  established(conn: ConnectionView): Frame;
  pong(conn: ConnectionView): Frame;
  heartbeat(conn: ConnectionView): Frame;
  parseInbound(message: Readonly<Record<string, unknown>>): Inbound;
  errorFrame(
    code: WireErrorCode,
    message: string,
    conn: ConnectionView,
    ids?: { runId: string; threadId?: string },
  ): Frame;
  /** null = this dialect does not put the event on the wire. */
  renderEvent(event: AgentEvent): Frame | null;
  /** The leak-marker fault's frame: a piece of answer text with no user, run or thread id (else a bare notice). */
  leakFrame?(text: string): Frame;
}

export interface Dialect {
  readonly name: DialectName;
  readonly ws: WsDialect;
  routes(core: Core): RouteTable;
}
