// Lumen: a username login that sets an opaque session cookie, no web UI, a cookie-authenticated socket at
// /live/{userId} without subprotocols, server pings whose nonce the client echoes, and answers as JSON text inside
// `frame`s ended by a `done` flag. Written from docs/profile.md; the reference target speaks it (REF_DIALECT=lumen).
import { defineProfile } from './define.ts';

export default defineProfile({
  name: 'lumen',
  description: 'Lumen: cookie sessions, /live/{userId}, server nonce pings, JSON-text frames ended by done.',
  authEnforced: true,

  auth: {
    strategies: [
      {
        kind: 'login',
        path: '/api/session',
        body: { username: '{{username}}', password: '{{password}}' },
        // Opaque: not a JWT (nothing to decode, mint or expire); the login body names the user.
        tokenCookie: 'lumen_sid',
        userIdPath: ['user.id'],
      },
    ],
    me: { path: '/api/whoami', userIdPath: ['user.id'] },
    badCredentials: { statuses: [401], errorPath: 'error', errorValue: 'bad_credentials' },
  },

  ws: {
    path: '/live/{{userId}}',
    // The session cookie is the only carrier the product accepts: nothing else is required of it.
    carriers: [{ kind: 'cookie', name: 'lumen_sid', value: '{{token}}' }],
    echo: { rule: 'none' },
    tokenEchoSeverity: 'low',
    ready: {
      match: { op: 'hello' },
      connectionIdPath: [],
      userIdPath: ['session.user'],
      userIdMatch: 'exact',
    },
    rejection: { upgradeStatuses: [401, 403], closeCodes: [] },
    keepAlive: {
      ignoreTypes: ['ping'],
      clientPing: { op: 'ping' },
      pongType: 'pong',
      // The server pings with a nonce; two unanswered pings close the socket 4408.
      autoReply: { when: { op: 'ping' }, reply: { op: 'pong', nonce: '{{frame.nonce}}' } },
    },
    closes: [
      { code: 4408, failureClass: 'F23', meaning: 'keepalive timeout (pings not answered)' },
      { code: 1011, failureClass: 'F3', meaning: 'server internal error' },
      { code: 1001, failureClass: 'F7', meaning: 'server going away' },
    ],
  },

  send: {
    // `body` is JSON text: the question is escaped twice, once for the inner JSON and once for the frame.
    first: { op: 'ask', rid: '{{nonce}}', body: { $json: { prompt: '{{text}}' } } },
    followUp: { op: 'ask', rid: '{{nonce}}', body: { $json: { prompt: '{{text}}' } } },
  },

  events: {
    envelope: { jsonText: ['data'] },
    typePath: ['data.kind', 'op'],
    aliases: {
      started: [],
      thinking: ['status'],
      toolExecuting: [],
      toolCompleted: [],
      completed: ['end'],
    },
    matchers: [
      { when: { 'data.kind': 'tool', 'data.phase': 'start' }, kind: 'toolExecuting' },
      { when: { 'data.kind': 'tool', 'data.phase': 'end' }, kind: 'toolCompleted' },
    ],
    doneFlag: { done: true },
    errorFlag: { error: true },
    answerFrom: 'deltas',
    order: ['thinking', 'toolExecuting', 'toolCompleted', 'completed'],
    repeatable: ['thinking', 'toolExecuting', 'toolCompleted'],
    failureTypes: ['error'],
    streamTypes: ['delta'],
    otherTypes: [],
    fields: {
      runId: ['rid'],
      threadId: [],
      userId: [],
      eventId: [],
      timestamp: [],
      toolName: ['data.name'],
      results: [],
      answer: [],
      duration: [],
      chunkText: ['data.text'],
      agentName: [],
    },
    required: {
      started: [],
      thinking: ['runId'],
      toolExecuting: ['runId', 'toolName'],
      toolCompleted: ['runId', 'toolName'],
      completed: ['runId'],
    },
    timestampFormat: 'auto',
    answerTextPath: [],
    correlation: ['runId'],
    threads: false,
  },

  // Opaque session tokens (no JWT to tamper with or expire), and a user's turns go to every socket of that user; the
  // rest is derived from the fields (no ui, no subprotocol).
  capabilities: { jwt: false, ownStreamPerSocket: false },

  health: {
    api: {
      live: { path: '/livez', statusPath: ['alive'], healthyValues: ['true'] },
      ready: { path: '/readyz', statusPath: ['ready'], readyValues: ['true'] },
    },
    // One service: the session login lives beside the API.
    auth: { live: { path: '/livez', statusPath: ['alive'], healthyValues: ['true'] } },
  },

  probe: {
    question: 'Which three cities had the lowest delivery latency last week?',
    followUp: 'And how did that compare with the week before?',
    relevance: 'quotes',
  },
});
