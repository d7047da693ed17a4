// Runtime validation of a loaded profile (a user's profile may be plain JS or skip the type checker).
import { z } from 'zod';

const fn = z.custom<(...args: unknown[]) => unknown>((v) => typeof v === 'function', 'expected a function');
const paths = z.array(z.string().min(1)).min(1);
const matcher = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
const locator = z.discriminatedUnion('by', [
  z.strictObject({
    by: z.literal('role'),
    role: z.string(),
    name: z.string().optional(),
    exact: z.boolean().optional(),
  }),
  z.strictObject({ by: z.literal('label'), text: z.string(), exact: z.boolean().optional() }),
  z.strictObject({ by: z.literal('placeholder'), text: z.string() }),
  z.strictObject({ by: z.literal('testId'), id: z.string() }),
  z.strictObject({ by: z.literal('text'), text: z.string() }),
]);
const logical = z.enum(['started', 'thinking', 'toolExecuting', 'toolCompleted', 'completed']);
const field = z.enum([
  'runId',
  'threadId',
  'userId',
  'eventId',
  'timestamp',
  'toolName',
  'results',
  'answer',
  'duration',
  'chunkText',
  'agentName',
]);
const path = z.string().startsWith('/');
const settingName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'expected a setting name such as BYPASS_KEY');
const versionSource = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('json'), path, versionPath: paths, commitPath: paths.optional() }),
  z.strictObject({ kind: z.literal('meta'), path, name: z.string() }),
]);
const live = z.strictObject({
  path,
  statusPath: paths.optional(),
  healthyValues: z.array(z.string()).min(1),
  requiredPaths: z.array(z.string().min(1)).optional(),
});

export const profileSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string(),
  authEnforced: z.boolean(),
  auth: z.strictObject({
    strategies: z
      .array(
        z.discriminatedUnion('kind', [
          z.strictObject({
            kind: z.literal('login'),
            method: z.literal('POST').optional(),
            path,
            body: z.unknown(),
            tokenPath: paths,
            userIdPath: paths.optional(),
          }),
          z.strictObject({ kind: z.literal('static') }),
          z.strictObject({
            kind: z.literal('http'),
            method: z.enum(['GET', 'POST', 'PUT']),
            path,
            headers: z.record(z.string(), z.string()).optional(),
            body: z.unknown().optional(),
            tokenPath: paths,
            secretSettings: z.array(settingName).optional(),
          }),
          z.strictObject({
            kind: z.literal('mint'),
            alg: z.enum(['HS256', 'HS384', 'HS512']),
            secretSetting: z.string(),
            claims: z.record(z.string(), z.unknown()),
            ttlSeconds: z.number().int().positive(),
          }),
        ]),
      )
      .min(1),
    register: z.strictObject({ path, body: z.unknown() }).optional(),
    me: z.strictObject({ path, userIdPath: paths, emailPath: paths.optional() }),
    badCredentials: z.strictObject({
      statuses: z.array(z.number().int()).min(1),
      errorPath: z.string().optional(),
      errorValue: z.string().optional(),
    }),
  }),
  ws: z.strictObject({
    path,
    carriers: z
      .array(
        z.discriminatedUnion('kind', [
          z.strictObject({ kind: z.literal('header'), name: z.string(), value: z.string() }),
          z.strictObject({ kind: z.literal('subprotocol'), entries: z.array(z.string()).min(1) }),
          z.strictObject({ kind: z.literal('query'), param: z.string(), value: z.string() }),
        ]),
      )
      .min(1),
    ticket: z
      .strictObject({ method: z.enum(['POST', 'GET']), path, ticketPath: paths, param: z.string() })
      .optional(),
    echo: z.discriminatedUnion('rule', [
      z.strictObject({ rule: z.literal('exact'), value: z.string() }),
      z.strictObject({ rule: z.literal('non-token') }),
      z.strictObject({ rule: z.literal('any-offered') }),
      z.strictObject({ rule: z.literal('none') }),
    ]),
    tokenEchoSeverity: z.enum(['critical', 'high', 'medium', 'low']),
    ready: z.strictObject({
      match: matcher,
      connectionIdPath: paths,
      userIdPath: paths,
      userIdMatch: z.enum(['exact', 'prefix', 'none']),
    }),
    rejection: z.strictObject({
      upgradeStatuses: z.array(z.number().int()),
      errorFrame: matcher.optional(),
      closeCodes: z.array(z.number().int()),
      reasonPattern: z.string().optional(),
    }),
    keepAlive: z.strictObject({
      ignoreTypes: z.array(z.string()),
      clientPing: z.unknown(),
      pongType: z.string(),
      autoReply: z.strictObject({ when: matcher, reply: z.unknown() }).optional(),
    }),
    closes: z.array(
      z.strictObject({
        code: z.number().int(),
        reasonPattern: z.string().optional(),
        failureClass: z.string(),
        meaning: z.string(),
      }),
    ),
  }),
  send: z.strictObject({
    first: z.unknown(),
    followUp: z.unknown(),
    createThread: z
      .strictObject({ method: z.literal('POST'), path, body: z.unknown().optional(), threadIdPath: paths })
      .optional(),
    http: z.strictObject({ method: z.literal('POST'), path, body: z.unknown() }).optional(),
  }),
  events: z.strictObject({
    typePath: paths,
    aliases: z.strictObject({
      started: paths,
      thinking: paths,
      toolExecuting: paths,
      toolCompleted: paths,
      completed: paths,
    }),
    order: z.array(logical).min(1),
    repeatable: z.array(logical),
    failureTypes: z.array(z.string()),
    streamTypes: z.array(z.string()),
    otherTypes: z.array(z.string()),
    fields: z.strictObject(
      Object.fromEntries(field.options.map((f) => [f, paths])) as Record<z.infer<typeof field>, typeof paths>,
    ),
    required: z.strictObject({
      started: z.array(field),
      thinking: z.array(field),
      toolExecuting: z.array(field),
      toolCompleted: z.array(field),
      completed: z.array(field),
    }),
    timestampFormat: z.enum(['iso', 'epoch-s', 'epoch-ms', 'auto']),
    answerTextPath: z.array(z.string()),
    correlation: z.array(field).min(1),
  }),
  health: z.strictObject({
    api: z.strictObject({
      live,
      version: versionSource.optional(),
      ready: z.strictObject({
        path,
        statusPath: paths,
        readyValues: z.array(z.string()).min(1),
        dependencies: z
          .object({
            path: path.optional(),
            at: z.string(),
            shape: z.enum(['map', 'array']),
            namePath: z.string().optional(),
            statusPath: z.string(),
            latencyPath: z.string().optional(),
            okValues: z.array(z.string()).min(1),
          })
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
      ws: z.strictObject({ path, statusPath: paths, connectionsPath: paths }).optional(),
    }),
    auth: z.strictObject({ live, version: versionSource.optional() }),
    web: z.strictObject({ version: versionSource.optional() }).optional(),
    extraProbes: z
      .array(
        z.strictObject({
          name: z.string(),
          base: z.enum(['api', 'auth', 'web']),
          path,
          status: z.number().int(),
          bodyMatch: matcher.optional(),
        }),
      )
      .optional(),
  }),
  ui: z.strictObject({
    login: z.discriminatedUnion('kind', [
      z.strictObject({
        kind: z.literal('form'),
        path,
        email: locator,
        password: locator,
        submit: locator,
        error: locator.optional(),
      }),
      z.strictObject({
        kind: z.literal('inject-token'),
        localStorageKeys: z.array(z.string()).optional(),
        urlTemplate: z.string().optional(),
      }),
    ]),
    chatPath: path,
    messageBox: locator,
    sendButton: locator,
    connection: z.strictObject({ locator, connectedText: z.string() }),
    assistantItem: locator,
    assistantTextPattern: z.string().optional(),
    status: locator.optional(),
    processing: locator.optional(),
  }),
  acceptedFindings: z
    .array(z.strictObject({ id: z.literal('token-echo'), reason: z.string().min(1) }))
    .optional(),
  probe: z.strictObject({
    question: z.string().min(1),
    followUp: z.string().min(1),
    relevance: z.union([
      z.literal('quotes'),
      z.strictObject({ pattern: z.string(), flags: z.string().optional() }),
    ]),
  }),
  hooks: z
    .strictObject({ classify: fn.optional(), answer: fn.optional(), acquireToken: fn.optional() })
    .optional(),
});
