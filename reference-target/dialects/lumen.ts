// The lumen dialect's WebSocket side: cookie auth on /live/{userId}, no subprotocol, a hello frame, the server's
// nonce pings, asks whose body is JSON text, `frame`s whose `data` is JSON text ended by `done` (or `error`), no
// event/agent/thread ids, and a user's turns sent to every socket of that user.
import type { AgentEvent } from '../agent/agent-event.ts';
import type { Frame } from '../ws/frame.ts';
import type { Dialect, Inbound, InboundErrorCode, WireErrorCode, WsDialect } from './dialect.ts';
import { lumenRoutes, sessionId } from './lumen-http.ts';

const LIVE_PATH = /^\/live\/([^/]+)$/;

const ERROR_MESSAGES: Record<WireErrorCode, string> = {
  invalid_json: 'invalid_json',
  invalid_message: 'bad_request',
  unknown_message_type: 'unknown_op',
  empty_content: 'empty_prompt',
  thread_not_found: 'not_found',
  duplicate_request: 'duplicate_rid',
};

/** One frame of a turn: `data` is JSON text, `done` marks the turn's last frame, `error` a failed turn. */
function turnFrame(rid: string, data: Record<string, unknown>, end: 'more' | 'done' | 'error'): Frame {
  const text = JSON.stringify(data);
  if (end === 'error') return { op: 'frame', rid, data: text, error: true, done: true };
  return { op: 'frame', rid, data: text, done: end === 'done' };
}

function renderEvent(event: AgentEvent, turn: { readonly requestId?: string }): Frame | null {
  const rid = turn.requestId ?? event.runId;
  switch (event.kind) {
    case 'thread_created':
    case 'agent_started':
      return null; // lumen has no threads and no start announcement: its first frame is the status
    case 'agent_thinking':
      return turnFrame(rid, { kind: 'status', text: 'thinking' }, 'more');
    case 'tool_executing':
      return turnFrame(rid, { kind: 'tool', name: event.toolName, phase: 'start' }, 'more');
    case 'tool_completed':
      return turnFrame(rid, { kind: 'tool', name: event.toolName, phase: 'end' }, 'more');
    case 'stream_chunk':
      return turnFrame(rid, { kind: 'delta', text: event.chunk }, 'more');
    case 'agent_completed':
      return turnFrame(rid, { kind: 'end' }, 'done');
    case 'agent_error':
      return turnFrame(rid, { kind: 'error', message: event.error?.message ?? 'the turn failed' }, 'error');
  }
}

function parseInbound(msg: Readonly<Record<string, unknown>>): Inbound {
  const rid = typeof msg.rid === 'string' && msg.rid !== '' ? msg.rid : undefined;
  const fail = (code: InboundErrorCode, message: string): Inbound => ({
    kind: 'error',
    code,
    message,
    ...(rid === undefined ? {} : { requestId: rid }),
  });
  switch (msg.op) {
    case 'ping':
      return { kind: 'ping' };
    case 'pong':
      return { kind: 'pong', nonce: typeof msg.nonce === 'string' ? msg.nonce : undefined };
    case 'ask': {
      if (rid === undefined) return fail('invalid_message', 'ask needs a non-empty string rid');
      if (typeof msg.body !== 'string') return fail('invalid_message', 'ask needs body as JSON text');
      let body: unknown;
      try {
        body = JSON.parse(msg.body);
      } catch {
        return fail('invalid_json', 'the body is not valid JSON text');
      }
      const prompt =
        typeof body === 'object' && body !== null ? (body as Record<string, unknown>).prompt : undefined;
      if (typeof prompt !== 'string') return fail('invalid_message', 'the body needs a string prompt');
      if (prompt.trim() === '') return fail('empty_content', 'the prompt is empty');
      return { kind: 'ask', content: prompt, threadId: undefined, requestId: rid };
    }
    default:
      return fail('unknown_message_type', `unknown op ${JSON.stringify(msg.op)}`);
  }
}

export const lumenWs: WsDialect = {
  matchPath(pathname) {
    const m = LIVE_PATH.exec(pathname);
    if (!m?.[1]) return undefined;
    try {
      return { userId: decodeURIComponent(m[1]) };
    } catch {
      return { userId: m[1] };
    }
  },
  rejection: 'http-401',
  keepalive: 'ping-nonce',
  fanOut: true,
  credentialHeader: 'cookie',
  findCredential(req) {
    const sid = sessionId(req);
    return sid === undefined ? { carrier: 'none' } : { carrier: 'cookie', token: sid };
  },
  // No subprotocol at all: whatever the client offers, none is echoed.
  selectProtocol: () => false,
  authFailedFrame: () => ({ op: 'error', message: 'unauthorized' }),
  established: (conn) => ({ op: 'hello', session: { user: conn.user.id } }),
  pong: () => ({ op: 'pong' }),
  heartbeat: (_conn, nonce) => ({ op: 'ping', nonce }),
  parseInbound,
  errorFrame(code, message, _conn, ids) {
    const rid = ids?.requestId;
    // A duplicate rid and a failed run end that turn; anything else is an error about one message.
    if (rid !== undefined && (code === 'duplicate_request' || ids?.runId !== undefined)) {
      const text = code === 'duplicate_request' ? ERROR_MESSAGES[code] : message;
      return turnFrame(rid, { kind: 'error', message: text }, 'error');
    }
    return { op: 'error', message: ERROR_MESSAGES[code], ...(rid === undefined ? {} : { rid }) };
  },
  renderEvent,
  // leak-marker: a delta of no turn (no rid) — lumen frames name no user, so only the text can give it away.
  leakFrame: (text) => ({ op: 'frame', data: JSON.stringify({ kind: 'delta', text }), done: false }),
  // drop-event names agent events (tool_completed, agent_completed, …) or lumen ops (hello, ping, pong, error).
  frameKind: (frame, event) => event?.kind ?? String(frame.op),
};

export const lumenDialect: Dialect = {
  name: 'lumen',
  ws: lumenWs,
  cors: false,
  requestToken: (req) => sessionId(req),
  routes: lumenRoutes,
};
