// The default profile: docs/contract.md, the dialect the bundled reference target speaks by default.
import { defineProfile } from './define.ts';

export default defineProfile({
  name: 'default',
  description: 'The default golden-path protocol (docs/contract.md).',
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
    me: { path: '/auth/me', userIdPath: ['id', 'user_id'], emailPath: ['email'] },
    refresh: {
      path: '/auth/refresh',
      refreshTokenPath: ['refresh_token'],
      body: { refresh_token: '{{refresh_token}}' },
      tokenPath: ['access_token'],
    },
    badCredentials: { statuses: [401], errorPath: 'error', errorValue: 'invalid_credentials' },
  },

  ws: {
    path: '/ws',
    // Browsers can only send the subprotocol; non-browser clients send the header. The default client sends both.
    carriers: [
      { kind: 'subprotocol', entries: ['jwt-auth', 'jwt.{{token_b64url}}'] },
      { kind: 'header', name: 'Authorization', value: 'Bearer {{token}}' },
    ],
    echo: { rule: 'exact', value: 'jwt-auth' },
    tokenEchoSeverity: 'critical',
    ready: {
      match: { type: 'connection_established' },
      connectionIdPath: ['connection_id'],
      userIdPath: ['user_id'],
      userIdMatch: 'exact',
    },
    rejection: { upgradeStatuses: [401], closeCodes: [1008] },
    keepAlive: { ignoreTypes: ['pong', 'heartbeat'], clientPing: { type: 'ping' }, pongType: 'pong' },
    closes: [
      { code: 1011, failureClass: 'F3', meaning: 'server internal error' },
      { code: 1008, failureClass: 'F4', meaning: 'policy violation (authentication refused)' },
      { code: 1001, failureClass: 'F7', meaning: 'server going away (restart or deploy)' },
      { code: 1013, failureClass: 'F11', meaning: 'try again later (server overloaded)' },
    ],
  },

  send: {
    first: { type: 'user_message', payload: { content: '{{text}}', thread_id: '{{thread_id?}}' } },
    followUp: { type: 'user_message', payload: { content: '{{text}}', thread_id: '{{thread_id?}}' } },
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
    failureTypes: ['agent_error', 'error'],
    streamTypes: ['stream_chunk', 'partial_result'],
    otherTypes: [],
    fields: {
      runId: ['run_id'],
      threadId: ['thread_id'],
      userId: ['user_id'],
      eventId: ['event_id'],
      timestamp: ['timestamp'],
      toolName: ['tool_name'],
      results: ['results'],
      answer: ['final_response'],
      duration: ['duration_ms'],
      chunkText: ['content', 'delta', 'text'],
      agentName: ['agent_name'],
    },
    required: {
      started: ['eventId', 'timestamp', 'userId', 'threadId', 'runId', 'agentName'],
      thinking: ['eventId', 'timestamp', 'userId', 'threadId', 'runId', 'agentName'],
      toolExecuting: ['eventId', 'timestamp', 'userId', 'threadId', 'runId', 'toolName', 'agentName'],
      toolCompleted: [
        'eventId',
        'timestamp',
        'userId',
        'threadId',
        'runId',
        'toolName',
        'results',
        'agentName',
      ],
      completed: ['eventId', 'timestamp', 'userId', 'threadId', 'runId', 'answer', 'duration', 'agentName'],
    },
    timestampFormat: 'auto',
    answerTextPath: ['text', 'content'],
    correlation: ['runId', 'threadId'],
    threads: true,
  },

  health: {
    api: {
      live: {
        path: '/health',
        statusPath: ['status'],
        healthyValues: ['healthy', 'ok'],
        requiredPaths: ['version', 'commit', 'uptime_s'],
      },
      version: { kind: 'json', path: '/health', versionPath: ['version'], commitPath: ['commit'] },
      ready: {
        path: '/health/ready',
        statusPath: ['status'],
        readyValues: ['ready'],
        dependencies: {
          at: 'checks',
          shape: 'map',
          statusPath: 'status',
          latencyPath: 'latency_ms',
          okValues: ['ok', 'healthy', 'ready', 'up'],
        },
      },
      infrastructure: {
        path: '/health/infrastructure',
        dbStatus: ['database.status'],
        dbConnectionTime: ['database.connection_time_ms'],
        dbConnectionTimeUnit: 'ms',
        poolUtilization: ['database.pool_utilization'],
        cacheStatus: ['cache.status'],
        authServiceStatus: ['auth_service.status'],
        okValues: ['ok', 'healthy', 'connected', 'up'],
      },
      ws: { path: '/ws/health', statusPath: ['status'], connectionsPath: ['active_connections'] },
    },
    auth: {
      live: { path: '/health', statusPath: ['status'], healthyValues: ['healthy', 'ok'] },
      version: { kind: 'json', path: '/health', versionPath: ['version'], commitPath: ['commit'] },
    },
    web: { version: { kind: 'meta', path: '/login', name: 'version' } },
  },

  ui: {
    login: {
      kind: 'form',
      path: '/login',
      email: { by: 'label', text: 'Email' },
      password: { by: 'label', text: 'Password' },
      submit: { by: 'role', role: 'button', name: 'Sign in' },
      error: { by: 'role', role: 'alert' },
    },
    chatPath: '/chat',
    messageBox: { by: 'label', text: 'Message', exact: true },
    sendButton: { by: 'role', role: 'button', name: 'Send', exact: true },
    connection: { locator: { by: 'role', role: 'status', name: 'Connection' }, connectedText: 'Connected' },
    assistantItem: { by: 'role', role: 'listitem', name: 'Assistant message' },
    status: { by: 'role', role: 'status', name: 'Agent status' },
  },

  probe: {
    question: 'Which three cities had the lowest delivery latency last week?',
    followUp: 'And how did that compare with the week before?',
    relevance: 'quotes',
  },
});
