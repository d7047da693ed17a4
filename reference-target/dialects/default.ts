// The default dialect's WebSocket side: golden-path-contract.md, frame by frame.
import { randomUUID } from 'node:crypto';
import type { AgentEvent } from '../agent/agent-event.ts';
import type { Frame } from '../ws/frame.ts';
import type { Credential, Dialect, Inbound, WsDialect } from './dialect.ts';
import { defaultRoutes } from './default-http.ts';
import { bearerOrQueryToken, bearerToken } from '../http/http-io.ts';

const TOKEN_ENTRY = 'jwt.';
const AUTH_PROTOCOL = 'jwt-auth';

/**
 * A `jwt.` entry's token: base64url of the JWT (what browsers send), or the raw JWT. A raw JWT always holds
 * dots and base64url never does, which tells the two apart.
 */
export function tokenFromEntry(entry: string): string {
  const rest = entry.slice(TOKEN_ENTRY.length);
  return rest.includes('.') ? rest : Buffer.from(rest, 'base64url').toString('utf8');
}

export function subprotocolCredential(offered: readonly string[]): Credential | undefined {
  const entry = offered.find((p) => p.startsWith(TOKEN_ENTRY) && p.length > TOKEN_ENTRY.length);
  return entry === undefined ? undefined : { carrier: 'subprotocol', token: tokenFromEntry(entry), entry };
}

/** The one fixed socket path of the JWT dialects. */
export function singlePath(path: string): WsDialect['matchPath'] {
  return (pathname) => (pathname === path ? {} : undefined);
}

/** The drop-event fault of the JWT dialects matches a frame by its wire `type`. */
export const frameType = (frame: Frame): string => String(frame.type);

function agentFrame(event: AgentEvent): Record<string, unknown> {
  return {
    type: event.kind,
    event_id: `evt_${randomUUID()}`,
    timestamp: new Date().toISOString(),
    user_id: event.userId,
    thread_id: event.threadId,
    run_id: event.runId,
    agent_name: event.agentName,
  };
}

function renderEvent(event: AgentEvent): Frame | null {
  const base = agentFrame(event);
  switch (event.kind) {
    case 'thread_created':
      return null; // the contract announces the thread id on every event instead
    case 'agent_started':
      return { ...base, type: event.kind, message: 'Agent started' };
    case 'agent_thinking':
      return { ...base, type: event.kind, reasoning: event.reasoning, step: event.step };
    case 'tool_executing':
      return { ...base, type: event.kind, tool_name: event.toolName, tool_input: event.toolInput };
    case 'tool_completed':
      return {
        ...base,
        type: event.kind,
        tool_name: event.toolName,
        results: event.results,
        execution_time_ms: event.toolMs,
      };
    case 'stream_chunk':
      return {
        ...base,
        type: event.kind,
        content: event.chunk,
        chunk_index: event.chunkIndex,
        chunk_count: event.chunkCount,
      };
    case 'agent_completed':
      return { ...base, type: event.kind, final_response: event.answer, duration_ms: event.durationMs };
    case 'agent_error':
      return { ...base, type: event.kind, code: event.error?.code, error: event.error?.message };
  }
}

function parseInbound(msg: Readonly<Record<string, unknown>>): Inbound {
  switch (msg.type) {
    case 'ping':
      return { kind: 'ping' };
    case 'pong':
      return { kind: 'ignore' };
    case 'user_message': {
      const payload = msg.payload;
      if (typeof payload !== 'object' || payload === null) {
        return { kind: 'error', code: 'invalid_message', message: 'user_message needs a payload object' };
      }
      const { content, thread_id } = payload as Record<string, unknown>;
      if (typeof content !== 'string') {
        return { kind: 'error', code: 'invalid_message', message: 'payload.content must be a string' };
      }
      if (content.trim() === '')
        return { kind: 'error', code: 'empty_content', message: 'payload.content is empty' };
      if (thread_id !== undefined && thread_id !== null && typeof thread_id !== 'string') {
        return { kind: 'error', code: 'invalid_message', message: 'payload.thread_id must be a string' };
      }
      return { kind: 'ask', content, threadId: thread_id ? thread_id : undefined };
    }
    case undefined:
      return { kind: 'error', code: 'invalid_message', message: 'the message has no "type"' };
    default:
      return {
        kind: 'error',
        code: 'unknown_message_type',
        message: `unknown message type ${JSON.stringify(msg.type)}`,
      };
  }
}

export const defaultWs: WsDialect = {
  matchPath: singlePath('/ws'),
  rejection: 'http-401',
  keepalive: 'none',
  fanOut: false,
  credentialHeader: 'authorization',
  findCredential(req, _url, offered) {
    const header = bearerToken(req);
    if (header !== undefined) return { carrier: 'header', token: header };
    return subprotocolCredential(offered) ?? { carrier: 'none' };
  },
  selectProtocol(offered, credential, echoToken) {
    // F16 echoes the entry that carries the token; the contract echoes only the marker.
    if (echoToken && credential.carrier === 'subprotocol') return credential.entry;
    return offered.includes(AUTH_PROTOCOL) ? AUTH_PROTOCOL : false;
  },
  authFailedFrame: (message) => ({ type: 'error', code: 'auth_failed', message }),
  established: (conn) => ({
    type: 'connection_established',
    connection_id: conn.connectionId,
    user_id: conn.user.id,
    timestamp: new Date().toISOString(),
  }),
  pong: () => ({ type: 'pong', timestamp: new Date().toISOString() }),
  heartbeat: () => ({ type: 'heartbeat', timestamp: new Date().toISOString() }),
  parseInbound,
  errorFrame: (code, message, conn, ids) => ({
    type: 'error',
    code,
    message,
    timestamp: new Date().toISOString(),
    user_id: conn.user.id,
    ...(ids ? { run_id: ids.runId, thread_id: ids.threadId ?? null } : {}),
  }),
  renderEvent,
  frameKind: frameType,
  leakFrame: (text) => ({ type: 'stream_chunk', content: text, timestamp: new Date().toISOString() }),
};

export const defaultDialect: Dialect = {
  name: 'default',
  ws: defaultWs,
  cors: true,
  authHealthPath: '/auth/health',
  requestToken: bearerOrQueryToken,
  routes: defaultRoutes,
};
