// The target profile's one definition: validates a loaded profile at run time (a user's profile may be plain JS
// or skip the type checker), and profiles/define.ts derives every profile type from it with z.input/z.output.
import { z } from 'zod';

/** A list that must not be empty; readonly, so a profile may spell it `as const`. */
const nonEmpty = <T extends z.ZodType>(item: T) => z.array(item).min(1).readonly();
const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();

/** JSON paths such as `data.result.text` or `dependencies[0].name`; a list means "first match wins". */
export const jsonPaths = nonEmpty(z.string().min(1));
/** A JSON value whose strings may hold `{{placeholders}}` (token, token_b64url, email, password, text, thread_id…). */
const template = z.unknown();
/** `path = value` predicates on a frame; all must hold. */
export const frameMatcher = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).readonly();
export const locator = z.discriminatedUnion('by', [
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
export const logicalEvent = z.enum(['started', 'thinking', 'toolExecuting', 'toolCompleted', 'completed']);
export const eventField = z.enum([
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
export const frameKind = z.enum([
  ...logicalEvent.options,
  'failure',
  'stream',
  'ready',
  'keepalive',
  'pong',
  'other',
]);
const path = z.string().startsWith('/');
const settingName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'expected a setting name such as BYPASS_KEY');
export const versionSource = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('json'),
    path,
    versionPath: jsonPaths,
    commitPath: jsonPaths.optional(),
  }),
  z.strictObject({ kind: z.literal('meta'), path, name: z.string() }),
]);
export const healthEndpoint = z.strictObject({
  path,
  /** Where the status value is; absent means a plain-text body (Kubernetes-style `ok`). */
  statusPath: jsonPaths.optional(),
  healthyValues: nonEmpty(z.string()),
  /** Fields a live body must also carry (the contract's version, commit, uptime): one missing is a failure. */
  requiredPaths: list(z.string().min(1)).optional(),
});
export const dependencyList = z.object({
  /** Endpoint holding the dependency list; absent means the readiness body itself. */
  path: path.optional(),
  at: z.string(),
  shape: z.enum(['map', 'array']),
  namePath: z.string().optional(),
  statusPath: z.string(),
  latencyPath: z.string().optional(),
  okValues: nonEmpty(z.string()),
});

export const tokenStrategy = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('login'),
    method: z.literal('POST').optional(),
    path,
    body: template,
    tokenPath: jsonPaths,
    userIdPath: jsonPaths.optional(),
  }),
  z.strictObject({ kind: z.literal('static') }),
  z.strictObject({
    kind: z.literal('http'),
    method: z.enum(['GET', 'POST', 'PUT']),
    path,
    headers: z.record(z.string(), z.string()).optional(),
    body: template.optional(),
    tokenPath: jsonPaths,
    /**
     * Settings (env variables, read by src/config as secrets, never logged) the header and body templates may use
     * besides `{{email}}` and `{{password}}`: `BYPASS_KEY` is `{{BYPASS_KEY}}` or `{{bypass_key}}`.
     */
    secretSettings: list(settingName).optional(),
  }),
  z.strictObject({
    kind: z.literal('mint'),
    alg: z.enum(['HS256', 'HS384', 'HS512']),
    /** Name of the setting (env variable) holding the signing secret; any name (read by src/config, never logged). */
    secretSetting: z.string(),
    claims: z.record(z.string(), template),
    ttlSeconds: z.number().int().positive(),
  }),
]);
export const authCarrier = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('header'), name: z.string(), value: z.string() }),
  z.strictObject({ kind: z.literal('subprotocol'), entries: nonEmpty(z.string()) }),
  z.strictObject({ kind: z.literal('query'), param: z.string(), value: z.string() }),
]);
export const echoRule = z.discriminatedUnion('rule', [
  z.strictObject({ rule: z.literal('exact'), value: z.string() }),
  z.strictObject({ rule: z.literal('non-token') }),
  z.strictObject({ rule: z.literal('any-offered') }),
  z.strictObject({ rule: z.literal('none') }),
]);

/** What `hooks.acquireToken` gets: the test user, the target's URLs, and HTTP without importing Node. */
export interface TokenContext {
  email: string | undefined;
  /** The test user's password, revealed: never put it into a message or a log. */
  password: string | undefined;
  urls: { api: string; auth: string; web: string };
  /** One HTTP call through the harness's client (timed, logged redacted); a JSON body is sent as JSON. */
  request(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    init?: { headers?: Record<string, string>; body?: unknown },
  ): Promise<{ status: number; json: unknown }>;
}
// A hook's signature cannot be checked at run time, only that it is a function: its type is stated here once.
const hook = <F extends (...args: never[]) => unknown>() =>
  z.custom<F>((v) => typeof v === 'function', 'expected a function').optional();

const live = healthEndpoint;
const serviceHealth = { live, version: versionSource.optional() };

export const profileSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string(),
  /** false: the target maps every client to one identity (demo mode); isolation checks become "not applicable". */
  authEnforced: z.boolean(),
  /** The product's request-id header: sent with every request, read from every answer (trace correlation). */
  requestIdHeader: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/)
    .optional(),
  auth: z.strictObject({
    strategies: nonEmpty(tokenStrategy),
    /** Register the user (POST to AUTH_URL + path) once per client before its first login; "exists" is fine. */
    register: z.strictObject({ path, body: template }).optional(),
    /** Authenticated "who am I" call, used by header-forwarding and identity checks (an email there must be the user's). */
    me: z.strictObject({ path, userIdPath: jsonPaths, emailPath: jsonPaths.optional() }),
    /** Statuses a login with bad credentials may answer, and the JSON path/value of its error. */
    badCredentials: z.strictObject({
      statuses: nonEmpty(z.number().int()),
      errorPath: z.string().optional(),
      errorValue: z.string().optional(),
    }),
  }),
  ws: z.strictObject({
    /** Path (and fixed query, `/ws?v=2`) appended to API_URL's origin when WS_URL is not set. */
    path,
    /** Carriers tried in order by the default client; tests also use each one alone. */
    carriers: nonEmpty(authCarrier),
    ticket: z
      .strictObject({ method: z.enum(['POST', 'GET']), path, ticketPath: jsonPaths, param: z.string() })
      .optional(),
    echo: echoRule,
    tokenEchoSeverity: z.enum(['critical', 'high', 'medium', 'low']),
    ready: z.strictObject({
      match: frameMatcher,
      connectionIdPath: jsonPaths,
      userIdPath: jsonPaths,
      /**
       * How the ready frame writes the user's id, compared exactly: as is, cut to its first `truncate` characters
       * plus `suffix` (a product that shortens it, `abcdefgh...`), or not at all (`none`).
       */
      userIdMatch: z.union([
        z.enum(['exact', 'none']),
        z.strictObject({ truncate: z.number().int().min(1), suffix: z.string() }),
      ]),
    }),
    /** How the target refuses bad credentials: HTTP status at upgrade, or accept + error frame + close. */
    rejection: z.strictObject({
      upgradeStatuses: list(z.number().int()),
      errorFrame: frameMatcher.optional(),
      closeCodes: list(z.number().int()),
      reasonPattern: z.string().optional(),
    }),
    keepAlive: z.strictObject({
      /** Frame types that never enter an event timeline. */
      ignoreTypes: list(z.string()),
      clientPing: template,
      pongType: z.string(),
      /** A server frame that must be answered, and the answer. */
      autoReply: z.strictObject({ when: frameMatcher, reply: template }).optional(),
    }),
    /** Close code (and optional reason pattern) → failure class of docs/failure-classes.md. */
    closes: list(
      z.strictObject({
        code: z.number().int(),
        reasonPattern: z.string().optional(),
        failureClass: z.string(),
        meaning: z.string(),
      }),
    ),
  }),
  send: z.strictObject({
    first: template,
    followUp: template,
    /** HTTP step (API_URL + path, authenticated like the header carrier) when a question has no thread yet → its id. */
    createThread: z
      .strictObject({ method: z.literal('POST'), path, body: template.optional(), threadIdPath: jsonPaths })
      .optional(),
    /** Send over HTTP (API_URL + path, `{{text}}`, `{{thread_id}}`) instead of the socket; events still arrive on it. */
    http: z.strictObject({ method: z.literal('POST'), path, body: template }).optional(),
  }),
  events: z.strictObject({
    typePath: jsonPaths,
    aliases: z.strictObject({
      started: jsonPaths,
      thinking: jsonPaths,
      toolExecuting: jsonPaths,
      toolCompleted: jsonPaths,
      completed: jsonPaths,
    }),
    /** Logical events in the order the target must emit them; all required. */
    order: nonEmpty(logicalEvent),
    /** Logical events that may repeat within a run. */
    repeatable: list(logicalEvent),
    failureTypes: list(z.string()),
    streamTypes: list(z.string()),
    /** Other frame types allowed in a run's timeline (progress, thread_created, …). */
    otherTypes: list(z.string()),
    fields: z.strictObject(
      Object.fromEntries(eventField.options.map((f) => [f, jsonPaths])) as Record<
        z.infer<typeof eventField>,
        typeof jsonPaths
      >,
    ),
    required: z.strictObject({
      started: list(eventField),
      thinking: list(eventField),
      toolExecuting: list(eventField),
      toolCompleted: list(eventField),
      completed: list(eventField),
    }),
    timestampFormat: z.enum(['iso', 'epoch-s', 'epoch-ms', 'auto']),
    /** When the answer is an object: where its text is; else the object's JSON is the answer. */
    answerTextPath: list(z.string()),
    /** Ids that tie an event to a run, in order of preference (run id learned from the first event). */
    correlation: nonEmpty(eventField),
    /** true: every run belongs to a thread whose id a frame carries (or the client sent); none is a failure. */
    threads: z.boolean().optional(),
    /** Where a tool event carries its call's id, when the product has one: calls pair by it, else by name and order. */
    toolCallIdPath: jsonPaths.optional(),
  }),
  health: z.strictObject({
    api: z.strictObject({
      ...serviceHealth,
      ready: z.strictObject({
        path,
        statusPath: jsonPaths,
        readyValues: nonEmpty(z.string()),
        dependencies: dependencyList.optional(),
      }),
      infrastructure: z
        .object({
          path,
          dbStatus: jsonPaths,
          dbConnectionTime: jsonPaths,
          /** Unit of a bare number at dbConnectionTime; strings with a unit (`0.1s`, `120 ms`) are parsed. */
          dbConnectionTimeUnit: z.enum(['ms', 's']),
          poolUtilization: jsonPaths.optional(),
          cacheStatus: jsonPaths.optional(),
          authServiceStatus: jsonPaths.optional(),
          okValues: nonEmpty(z.string()),
        })
        .optional(),
      ws: z.strictObject({ path, statusPath: jsonPaths, connectionsPath: jsonPaths }).optional(),
    }),
    auth: z.strictObject(serviceHealth),
    web: z.strictObject({ version: versionSource.optional() }).optional(),
    extraProbes: list(
      z.strictObject({
        name: z.string(),
        base: z.enum(['api', 'auth', 'web']),
        path,
        status: z.number().int(),
        bodyMatch: frameMatcher.optional(),
      }),
    ).optional(),
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
        localStorageKeys: list(z.string()).optional(),
        urlTemplate: z.string().optional(),
      }),
    ]),
    chatPath: path,
    messageBox: locator,
    sendButton: locator,
    connection: z.strictObject({ locator, connectedText: z.string() }),
    assistantItem: locator,
    /** Regular expression source: only assistant items whose text matches count (e.g. not the typing placeholder). */
    assistantTextPattern: z.string().optional(),
    status: locator.optional(),
    processing: locator.optional(),
  }),
  /**
   * Findings the team knows about and has accepted for now (e.g. `token-echo`), each with its reason and the day
   * the acceptance ends (`until`, YYYY-MM-DD, inclusive). Each is still reported ("accepted — reason, until DATE");
   * its check is marked as an expected failure, so the day the target is fixed the run says so; once expired the
   * acceptance no longer applies and the gate goes red until it is renewed or the finding fixed.
   */
  acceptedFindings: list(
    z.strictObject({
      id: z.literal('token-echo'),
      reason: z.string({ error: 'an accepted finding needs its reason' }).min(1),
      until: z
        .string({ error: 'an accepted finding needs an expiry date `until` (YYYY-MM-DD)' })
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'an expiry date `until` is written YYYY-MM-DD')
        .refine(
          (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)),
          'an expiry date `until` must be a real day',
        ),
    }),
  ).optional(),
  probe: z.strictObject({
    question: z.string().min(1),
    followUp: z.string().min(1),
    /** `quotes`: the answer must contain the question; otherwise a regular expression source. */
    relevance: z.union([
      z.literal('quotes'),
      z.strictObject({ pattern: z.string(), flags: z.string().optional() }),
    ]),
  }),
  hooks: z
    .strictObject({
      /** Name the logical kind of a frame when aliases cannot ('started', …, 'failure', 'stream', 'keepalive'). */
      classify: hook<(frame: unknown) => z.infer<typeof frameKind> | undefined>(),
      /** Extract the answer text of a terminal frame when answer paths cannot. */
      answer: hook<(frame: unknown) => string | undefined>(),
      /** Obtain a token when no strategy can say how; called first. `undefined` falls through to the strategies. */
      acquireToken: hook<(ctx: TokenContext) => Promise<string | undefined> | string | undefined>(),
    })
    .optional(),
});
