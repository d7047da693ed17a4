// Runtime validation of a loaded profile (a user's profile may be plain JS or skip the type checker).
import { z } from 'zod';

const fn = z.custom<(...args: unknown[]) => unknown>((v) => typeof v === 'function', 'expected a function');
const paths = z.array(z.string().min(1)).min(1);
const matcher = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
const locator = z.discriminatedUnion('by', [
  z.object({ by: z.literal('role'), role: z.string(), name: z.string().optional(), exact: z.boolean().optional() }),
  z.object({ by: z.literal('label'), text: z.string(), exact: z.boolean().optional() }),
  z.object({ by: z.literal('placeholder'), text: z.string() }),
  z.object({ by: z.literal('testId'), id: z.string() }),
  z.object({ by: z.literal('text'), text: z.string() }),
]);
const logical = z.enum(['started', 'thinking', 'toolExecuting', 'toolCompleted', 'completed']);
const field = z.enum(['runId', 'threadId', 'userId', 'eventId', 'timestamp', 'toolName', 'results', 'answer', 'duration', 'chunkText']);
const path = z.string().startsWith('/');
const versionSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('json'), path, versionPath: paths, commitPath: paths.optional() }),
  z.object({ kind: z.literal('meta'), path, name: z.string() }),
]);
const live = z.object({ path, statusPath: paths.optional(), healthyValues: z.array(z.string()).min(1) });

export const profileSchema = z.object({
  name: z.string().min(1),
  description: z.string(),
  authEnforced: z.boolean(),
  auth: z.object({
    strategies: z
      .array(
        z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('login'), method: z.literal('POST').optional(), path, body: z.unknown(), tokenPath: paths, userIdPath: paths.optional() }),
          z.object({ kind: z.literal('static') }),
          z.object({ kind: z.literal('http'), method: z.enum(['GET', 'POST', 'PUT']), path, headers: z.record(z.string(), z.string()).optional(), body: z.unknown().optional(), tokenPath: paths }),
          z.object({ kind: z.literal('mint'), alg: z.enum(['HS256', 'HS384', 'HS512']), secretSetting: z.string(), claims: z.record(z.string(), z.unknown()), ttlSeconds: z.number().int().positive() }),
        ]),
      )
      .min(1),
    register: z.object({ path, body: z.unknown() }).optional(),
    me: z.object({ path, userIdPath: paths, emailPath: paths.optional() }),
    badCredentials: z.object({ statuses: z.array(z.number().int()).min(1), errorPath: z.string().optional(), errorValue: z.string().optional() }),
  }),
  ws: z.object({
    path,
    carriers: z
      .array(
        z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('header'), name: z.string(), value: z.string() }),
          z.object({ kind: z.literal('subprotocol'), entries: z.array(z.string()).min(1) }),
          z.object({ kind: z.literal('query'), param: z.string(), value: z.string() }),
        ]),
      )
      .min(1),
    ticket: z.object({ method: z.enum(['POST', 'GET']), path, ticketPath: paths, param: z.string() }).optional(),
    echo: z.discriminatedUnion('rule', [
      z.object({ rule: z.literal('exact'), value: z.string() }),
      z.object({ rule: z.literal('non-token') }),
      z.object({ rule: z.literal('any-offered') }),
      z.object({ rule: z.literal('none') }),
    ]),
    tokenEchoSeverity: z.enum(['critical', 'high', 'medium', 'low']),
    ready: z.object({ match: matcher, connectionIdPath: paths, userIdPath: paths, userIdMatch: z.enum(['exact', 'prefix', 'none']) }),
    rejection: z.object({ upgradeStatuses: z.array(z.number().int()), errorFrame: matcher.optional(), closeCodes: z.array(z.number().int()), reasonPattern: z.string().optional() }),
    keepAlive: z.object({
      ignoreTypes: z.array(z.string()),
      clientPing: z.unknown(),
      pongType: z.string(),
      autoReply: z.object({ when: matcher, reply: z.unknown() }).optional(),
    }),
    closes: z.array(z.object({ code: z.number().int(), reasonPattern: z.string().optional(), failureClass: z.string(), meaning: z.string() })),
  }),
  send: z.object({
    first: z.unknown(),
    followUp: z.unknown(),
    createThread: z.object({ method: z.literal('POST'), path, body: z.unknown().optional(), threadIdPath: paths }).optional(),
    http: z.object({ method: z.literal('POST'), path, body: z.unknown() }).optional(),
  }),
  events: z.object({
    typePath: paths,
    aliases: z.object({ started: paths, thinking: paths, toolExecuting: paths, toolCompleted: paths, completed: paths }),
    order: z.array(logical).min(1),
    repeatable: z.array(logical),
    failureTypes: z.array(z.string()),
    streamTypes: z.array(z.string()),
    otherTypes: z.array(z.string()),
    fields: z.object(Object.fromEntries(field.options.map((f) => [f, paths])) as Record<z.infer<typeof field>, typeof paths>),
    required: z.object({ started: z.array(field), thinking: z.array(field), toolExecuting: z.array(field), toolCompleted: z.array(field), completed: z.array(field) }),
    timestampFormat: z.enum(['iso', 'epoch-s', 'epoch-ms', 'auto']),
    answerTextPath: z.array(z.string()),
    correlation: z.array(field).min(1),
  }),
  health: z.object({
    api: z.object({
      live,
      version: versionSource.optional(),
      ready: z.object({
        path,
        statusPath: paths,
        readyValues: z.array(z.string()).min(1),
        dependencies: z
          .object({ path: path.optional(), at: z.string(), shape: z.enum(['map', 'array']), namePath: z.string().optional(), statusPath: z.string(), latencyPath: z.string().optional(), okValues: z.array(z.string()).min(1) })
          .optional(),
      }),
      infrastructure: z
        .object({
          path,
          dbStatus: paths,
          dbConnectionTime: paths,
          dbConnectionTimeUnit: z.enum(['ms', 's']),
          poolUtilization: paths.optional(),
          cacheStatus: paths.optional(),
          authServiceStatus: paths.optional(),
          okValues: z.array(z.string()).min(1),
        })
        .optional(),
      ws: z.object({ path, statusPath: paths, connectionsPath: paths }).optional(),
    }),
    auth: z.object({ live, version: versionSource.optional() }),
    web: z.object({ version: versionSource.optional() }).optional(),
    extraProbes: z
      .array(z.object({ name: z.string(), base: z.enum(['api', 'auth', 'web']), path, status: z.number().int(), bodyMatch: matcher.optional() }))
      .optional(),
  }),
  ui: z.object({
    login: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('form'), path, email: locator, password: locator, submit: locator, error: locator.optional() }),
      z.object({ kind: z.literal('inject-token'), localStorageKeys: z.array(z.string()).optional(), urlTemplate: z.string().optional() }),
    ]),
    chatPath: path,
    messageBox: locator,
    sendButton: locator,
    connection: z.object({ locator, connectedText: z.string() }),
    assistantItem: locator,
    assistantTextPattern: z.string().optional(),
    status: locator.optional(),
    processing: locator.optional(),
  }),
  acceptedFindings: z.array(z.object({ id: z.literal('token-echo'), reason: z.string().min(1) })).optional(),
  probe: z.object({
    question: z.string().min(1),
    followUp: z.string().min(1),
    relevance: z.union([z.literal('quotes'), z.object({ pattern: z.string(), flags: z.string().optional() })]),
  }),
  hooks: z
    .object({ classify: fn.optional(), answer: fn.optional() })
    .optional(),
});
