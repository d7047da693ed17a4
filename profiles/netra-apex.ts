// Netra Apex (netra-systems/zen, tag beta-17): the product the harness was first built for, as a profile.
// Every wire fact below is from that snapshot; the reference target speaks the same dialect (REF_DIALECT=netra-apex).
import { defineProfile } from './define.ts';

export default defineProfile({
  name: 'netra-apex',
  description:
    'Netra Apex beta-17: data envelopes, start_agent, truncated user ids, accept-then-1008 refusals.',
  // The real product maps every WebSocket client to one demo identity outside production (DEMO_MODE); a team
  // pointing at such an environment sets this to false and isolation checks report "not applicable".
  authEnforced: true,
  requestIdHeader: 'x-request-id',

  auth: {
    strategies: [
      {
        kind: 'login',
        path: '/auth/login',
        body: { email: '{{email}}', password: '{{password}}' },
        tokenPath: ['access_token'],
        userIdPath: ['user.id'],
      },
      { kind: 'static' },
    ],
    me: { path: '/auth/me', userIdPath: ['user_id', 'id'], emailPath: ['email'] },
    badCredentials: { statuses: [401], errorPath: 'detail', errorValue: 'Invalid credentials' },
  },

  ws: {
    path: '/ws',
    // auth_routes / unified_jwt_protocol_handler: header first, then a `jwt.<token>` subprotocol entry, then ?token=.
    carriers: [
      { kind: 'header', name: 'Authorization', value: 'Bearer {{token}}' },
      { kind: 'subprotocol', entries: ['jwt.{{token_b64url}}'] },
      { kind: 'query', param: 'token', value: '{{token}}' },
    ],
    ticket: { method: 'POST', path: '/api/websocket/ticket', ticketPath: ['ticket_id'], param: 'ticket' },
    // The product selects the token-bearing entry itself.
    echo: { rule: 'any-offered' },
    tokenEchoSeverity: 'high',
    ready: {
      match: { type: 'connection_established' },
      connectionIdPath: ['data.connection_id'],
      userIdPath: ['data.user_id'],
      // "<first 8 chars>...": the claim must be exactly that form of the logged-in user's id.
      userIdMatch: { truncate: 8, suffix: '...' },
    },
    // websocket_ssot.py: accept, error_message AUTH_FAILED, close 1008 — never HTTP 401.
    rejection: {
      upgradeStatuses: [401, 403],
      errorFrame: { type: 'error_message', error_code: 'AUTH_FAILED' },
      closeCodes: [1008],
      reasonPattern: 'Authentication failed',
    },
    keepAlive: { ignoreTypes: ['heartbeat', 'pong'], clientPing: { type: 'ping' }, pongType: 'pong' },
    closes: [
      { code: 1011, failureClass: 'F3', meaning: 'server internal error' },
      { code: 1008, failureClass: 'F4', meaning: 'authentication failed' },
      { code: 1001, failureClass: 'F7', meaning: 'server going away' },
    ],
  },

  send: {
    first: {
      type: 'start_agent',
      payload: { user_request: '{{text}}', thread_id: '{{thread_id?}}', context: {}, settings: {} },
    },
    followUp: {
      type: 'user_message',
      payload: { content: '{{text}}', references: [], thread_id: '{{thread_id?}}' },
    },
  },

  events: {
    typePath: ['type'],
    aliases: {
      started: ['agent_started'],
      thinking: ['agent_thinking'],
      toolExecuting: ['tool_executing'],
      toolCompleted: ['tool_completed'],
      completed: ['agent_completed'],
    },
    order: ['started', 'thinking', 'toolExecuting', 'toolCompleted', 'completed'],
    repeatable: ['thinking', 'toolExecuting', 'toolCompleted'],
    failureTypes: ['agent_error', 'agent_death', 'error', 'error_message'],
    streamTypes: ['progress_update'],
    otherTypes: ['thread_created'],
    fields: {
      runId: ['run_id'],
      // No thread id on events: thread_created announces it under data.
      threadId: ['thread_id', 'data.thread_id'],
      userId: ['user_id'],
      eventId: ['event_id'],
      timestamp: ['timestamp'],
      toolName: ['tool_name'],
      results: ['results'],
      answer: ['data.result'],
      duration: ['data.execution_time_ms'],
      chunkText: ['data.content'],
      agentName: ['agent_name'],
    },
    required: {
      started: ['timestamp', 'userId', 'runId', 'agentName'],
      thinking: ['timestamp', 'userId', 'runId', 'agentName'],
      toolExecuting: ['timestamp', 'userId', 'runId', 'toolName', 'agentName'],
      toolCompleted: ['timestamp', 'userId', 'runId', 'toolName', 'results', 'agentName'],
      completed: ['timestamp', 'userId', 'runId', 'answer', 'agentName'],
    },
    timestampFormat: 'auto',
    // data.result = { text, sources }
    answerTextPath: ['text'],
    correlation: ['runId'],
    threads: true,
  },

  health: {
    api: {
      live: { path: '/health', statusPath: ['status'], healthyValues: ['ok', 'healthy'] },
      version: {
        kind: 'json',
        path: '/api/system/info',
        versionPath: ['version'],
        commitPath: ['git_commit'],
      },
      ready: {
        path: '/health/ready',
        statusPath: ['status'],
        readyValues: ['ready'],
        dependencies: {
          path: '/api/system/dependencies/status',
          at: 'dependencies',
          shape: 'array',
          namePath: 'name',
          statusPath: 'status',
          latencyPath: 'latency_ms',
          okValues: ['healthy', 'ok', 'up', 'connected'],
        },
      },
      infrastructure: {
        path: '/health/infrastructure',
        dbStatus: ['database.status'],
        dbConnectionTime: ['database.average_connection_time'],
        dbConnectionTimeUnit: 's',
        poolUtilization: ['database.pool_utilization'],
        cacheStatus: ['cache.status'],
        authServiceStatus: ['auth_service.status'],
        okValues: ['ok', 'healthy', 'connected', 'up'],
      },
    },
    auth: {
      live: { path: '/health', statusPath: ['status'], healthyValues: ['healthy', 'ok'] },
      version: { kind: 'json', path: '/health', versionPath: ['version'], commitPath: ['git_commit'] },
    },
  },

  ui: {
    // OAuth-only outside development: the token goes to localStorage (never into the URL, where logs keep it).
    login: { kind: 'inject-token', localStorageKeys: ['jwt_token'] },
    chatPath: '/chat',
    messageBox: { by: 'testId', id: 'message-textarea' },
    sendButton: { by: 'testId', id: 'send-button' },
    connection: { locator: { by: 'testId', id: 'connection-status' }, connectedText: 'Connected' },
    assistantItem: { by: 'testId', id: 'assistant-message' },
    processing: { by: 'testId', id: 'agent-processing' },
  },

  acceptedFindings: [
    {
      id: 'token-echo',
      reason: 'beta-17 echoes the jwt.<token> subprotocol entry (unified_jwt_protocol_handler.py)',
      until: '2027-03-31',
    },
  ],

  probe: {
    question: 'Which three cities had the lowest delivery latency last week?',
    followUp: 'And how did that compare with the week before?',
    relevance: 'quotes',
  },
});
