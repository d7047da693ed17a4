// The netra-apex dialect's WebSocket side (target-profile.md, "The netra-apex dialect"): its carriers, its echo,
// its accept-then-1008 rejection, data-wrapped frames, start_agent/user_message, heartbeats, no event_id/thread_id.
import type { AgentEvent } from '../agent/agent-event.ts';
import { bearerOrQueryToken, bearerToken } from '../http/http-io.ts';
import { frameType, singlePath, subprotocolCredential } from './default.ts';
import type { Frame } from '../ws/frame.ts';
import type { Dialect, Inbound, WireErrorCode, WsDialect } from './dialect.ts';
import { netraRoutes } from './netra-http.ts';

export const GOLDEN_PATH_EVENTS = [
  'agent_started',
  'agent_thinking',
  'tool_executing',
  'tool_completed',
  'agent_completed',
];

const ERROR_CODES: Record<WireErrorCode, string> = {
  invalid_json: 'INVALID_JSON',
  invalid_message: 'INVALID_MESSAGE',
  unknown_message_type: 'UNKNOWN_MESSAGE_TYPE',
  empty_content: 'EMPTY_MESSAGE',
  thread_not_found: 'THREAD_NOT_FOUND',
  duplicate_request: 'DUPLICATE_REQUEST',
};

const iso = (): string => new Date().toISOString();
/** netra-apex stamps envelopes with epoch seconds as a float (Python's time.time()). */
const epochSeconds = (): number => Date.now() / 1000;

function renderEvent(event: AgentEvent): Frame | null {
  const base = { run_id: event.runId, user_id: event.userId, agent_name: event.agentName, timestamp: iso() };
  switch (event.kind) {
    case 'thread_created':
      return {
        type: 'thread_created',
        run_id: event.runId,
        user_id: event.userId,
        timestamp: base.timestamp,
        data: { thread_id: event.threadId },
      };
    case 'agent_started':
      return {
        type: event.kind,
        ...base,
        data: { status: 'started', message: 'Agent started processing your request' },
      };
    case 'agent_thinking':
      return { type: event.kind, ...base, data: { reasoning: event.reasoning, step_number: event.step } };
    case 'tool_executing':
      return { type: event.kind, ...base, tool_name: event.toolName, data: { parameters: event.toolInput } };
    case 'tool_completed':
      return {
        type: event.kind,
        ...base,
        tool_name: event.toolName,
        results: event.results,
        data: { result: event.results, execution_time_ms: event.toolMs },
      };
    case 'stream_chunk':
      // netra-apex has no stream_chunk; partial answer text rides on progress_update frames.
      return {
        type: 'progress_update',
        ...base,
        data: {
          message: 'Generating response',
          progress: Math.round((((event.chunkIndex ?? 0) + 1) / (event.chunkCount ?? 1)) * 100),
          content: event.chunk,
        },
      };
    case 'agent_completed':
      return {
        type: event.kind,
        ...base,
        data: {
          status: 'completed',
          result: { text: event.answer, sources: ['Golden Path overview', 'Reference target'] },
        },
      };
    case 'agent_error':
      return {
        type: event.kind,
        ...base,
        data: { error: event.error?.message, error_code: event.error?.code.toUpperCase() },
      };
  }
}

function parseInbound(msg: Readonly<Record<string, unknown>>): Inbound {
  const type = msg.type;
  if (type === 'ping') return { kind: 'ping' };
  if (type === 'pong' || type === 'heartbeat_ack') return { kind: 'ignore' };
  if (type !== 'start_agent' && type !== 'user_message') {
    if (type === undefined) return { kind: 'error', code: 'invalid_message', message: 'message has no type' };
    return {
      kind: 'error',
      code: 'unknown_message_type',
      message: `Unknown message type: ${JSON.stringify(type)}`,
    };
  }
  const payload = msg.payload;
  if (typeof payload !== 'object' || payload === null) {
    return { kind: 'error', code: 'invalid_message', message: `${type} needs a payload object` };
  }
  const field = type === 'start_agent' ? 'user_request' : 'content';
  const p = payload as Record<string, unknown>;
  const text = p[field];
  if (typeof text !== 'string')
    return { kind: 'error', code: 'invalid_message', message: `payload.${field} must be a string` };
  if (text.trim() === '')
    return { kind: 'error', code: 'empty_content', message: `payload.${field} is empty` };
  const threadId = p.thread_id;
  if (threadId !== undefined && threadId !== null && typeof threadId !== 'string') {
    return { kind: 'error', code: 'invalid_message', message: 'payload.thread_id must be a string or null' };
  }
  return { kind: 'ask', content: text, threadId: threadId ? threadId : undefined };
}

export const netraWs: WsDialect = {
  matchPath: singlePath('/ws'),
  rejection: 'close-1008',
  keepalive: 'heartbeat-when-quiet',
  fanOut: false,
  credentialHeader: 'authorization',
  findCredential(req, url, offered) {
    const header = bearerToken(req);
    if (header !== undefined) return { carrier: 'header', token: header };
    const entry = subprotocolCredential(offered);
    if (entry) return entry;
    const query = url.searchParams.get('token');
    if (query) return { carrier: 'query', token: query };
    const ticket = url.searchParams.get('ticket');
    if (ticket) return { carrier: 'ticket', ticketId: ticket };
    return { carrier: 'none' };
  },
  selectProtocol(offered, credential) {
    // netra-apex echoes the token-bearing entry itself (the F16 finding, native to this dialect).
    if (credential.carrier === 'subprotocol') return credential.entry;
    if (offered.includes('jwt-auth')) return 'jwt-auth';
    return offered[0] ?? false;
  },
  authFailedFrame: (message) => ({
    type: 'error_message',
    error_code: 'AUTH_FAILED',
    message,
    timestamp: iso(),
  }),
  established: (conn) => ({
    type: 'connection_established',
    data: {
      mode: 'main',
      user_id: `${conn.user.id.slice(0, 8)}...`,
      connection_id: conn.connectionId,
      golden_path_events: GOLDEN_PATH_EVENTS,
      features: {
        heartbeat: true,
        tickets: true,
        streaming: true,
        thread_management: true,
        demo_mode: conn.demo,
      },
      timestamp: iso(),
    },
    timestamp: epochSeconds(),
    server_id: null,
    correlation_id: null,
  }),
  pong: (conn) => ({
    type: 'pong',
    data: { timestamp: iso(), user_id: conn.user.id },
    timestamp: epochSeconds(),
  }),
  heartbeat: (conn) => ({
    type: 'heartbeat',
    data: {
      connection_id: conn.connectionId,
      timestamp: iso(),
      stats: {
        messages_sent: conn.sent,
        messages_received: conn.received,
        uptime_seconds: Math.round((Date.now() - conn.openedAt) / 1000),
      },
    },
  }),
  parseInbound,
  errorFrame: (code, message, _conn, ids) => ({
    type: 'error_message',
    error_code: ERROR_CODES[code],
    message,
    timestamp: iso(),
    ...(ids ? { run_id: ids.runId } : {}),
  }),
  renderEvent,
  frameKind: frameType,
  leakFrame: (text) => ({
    type: 'progress_update',
    data: { message: 'Generating response', content: text },
    timestamp: epochSeconds(),
  }),
};

export const netraApexDialect: Dialect = {
  name: 'netra-apex',
  ws: netraWs,
  cors: true,
  authHealthPath: '/auth/health',
  requestToken: bearerOrQueryToken,
  routes: netraRoutes,
};
