// The target profile's one definition: validates a loaded profile at run time (a user's profile may be plain JS
// or skip the type checker), and profiles/define.ts derives every profile type from it with z.input/z.output.
import { z } from 'zod';

/** A list that must not be empty; readonly, so a profile may spell it `as const`. */
const nonEmpty = <T extends z.ZodType>(item: T) => z.array(item).min(1).readonly();
const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();

/** JSON paths such as `data.result.text` or `dependencies[0].name`; a list means "first match wins". */
export const jsonPaths = nonEmpty(z.string().min(1));
/** JSON paths that may be empty: the product does not carry that field (its checks are then not applicable). */
export const optionalPaths = list(z.string().min(1));
/**
 * A JSON value whose strings may hold `{{placeholders}}` (token, token_b64url, email, username, password, userId,
 * nonce, text, thread_id, frame.<path>…); `{"$json": template}` is that template written as JSON text.
 */
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
function compiles(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}
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
  z
    .strictObject({
      kind: z.literal('login'),
      method: z.literal('POST').optional(),
      path,
      body: template,
      /** Where the token is: a JSON path of the answer, a cookie it sets, or one of its headers (one of the three). */
      tokenPath: jsonPaths.optional(),
      tokenCookie: z.string().min(1).optional(),
      tokenHeader: z.string().min(1).optional(),
      userIdPath: jsonPaths.optional(),
    })
    .refine(
      (s) => [s.tokenPath, s.tokenCookie, s.tokenHeader].filter((t) => t !== undefined).length === 1,
      'exactly one of tokenPath, tokenCookie, tokenHeader',
    ),
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
  /** `Cookie: <name>=<value>` on the upgrade request (and on authenticated HTTP calls). */
  z.strictObject({ kind: z.literal('cookie'), name: z.string().min(1), value: z.string() }),
  /** A frame sent as soon as the socket opens, before the ready frame is awaited. */
  z.strictObject({ kind: z.literal('first-message'), frame: template }),
]);
/** A frame kind named by predicates, for products whose type field alone cannot tell (`tool` + `phase: start`). */
export const kindMatcher = z.strictObject({ when: frameMatcher, kind: frameKind });
export const echoRule = z.discriminatedUnion('rule', [
  z.strictObject({ rule: z.literal('exact'), value: z.string() }),
  z.strictObject({ rule: z.literal('non-token') }),
  z.strictObject({ rule: z.literal('any-offered') }),
  z.strictObject({ rule: z.literal('none') }),
]);

/** What `hooks.acquireToken` gets: the test user, the target's URLs, and HTTP without importing Node. */
export interface TokenContext {
  email: string | undefined;
  /** TEST_USER_USERNAME, else the local part of the email. */
  username: string | undefined;
  /** Extra credential fields (TEST_USER_FIELD_<NAME> → `fields.<name>`). */
  fields: Readonly<Record<string, string>>;
  /** The test user's password, revealed: never put it into a message or a log. */
  password: string | undefined;
  urls: { api: string; auth: string; web: string };
  /** One HTTP call through the harness's client (timed, logged redacted); a JSON body is sent as JSON. */
  request(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    init?: { headers?: Record<string, string>; body?: unknown },
  ): Promise<{
    status: number;
    json: unknown;
    /** The answer's headers, names in lower case; Set-Cookie may be a list (read a session with `cookieValue`). */
    headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  }>;
}
/** The operations a profile's `adapter` may replace (src/protocol/adapter.ts implements them from the fields). */
export interface AdapterOperations {
  /** The frame to send for a question (`vars`: text, thread_id, nonce, userId, username…). */
  encodeQuestion(first: boolean, vars: Readonly<Record<string, string | undefined>>): unknown;
  /** One parsed frame → the events it carries (zero or more), each a JSON value the field paths apply to. */
  decode(data: unknown): unknown[];
  /** The answer to a server frame (a keepalive ping), or undefined. */
  keepaliveReply(data: unknown): unknown;
  /** The answer text of a run, given its events so far (the terminal one last). */
  answer(run: readonly unknown[]): string | undefined;
}
// A hook's signature cannot be checked at run time, only that it is a function: its type is stated here once.
const hook = <F extends (...args: never[]) => unknown>() =>
  z.custom<F>((v) => typeof v === 'function', 'expected a function').optional();

const live = healthEndpoint;
const serviceHealth = { live, version: versionSource.optional() };

export const profileSchema = z
  .strictObject({
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
      /**
       * Token refresh, when the product offers it: the login answer's refresh token (at refreshTokenPath) is sent
       * to `path` (POST, body template with `{{refresh_token}}`) and a new access token comes back at tokenPath.
       * Absent: the refresh check is n/a.
       */
      refresh: z
        .strictObject({ path, refreshTokenPath: jsonPaths, body: template, tokenPath: jsonPaths })
        .optional(),
      /** Statuses a login with bad credentials may answer, and the JSON path/value of its error. */
      badCredentials: z.strictObject({
        statuses: nonEmpty(z.number().int()),
        errorPath: z.string().optional(),
        errorValue: z.string().optional(),
      }),
    }),
    ws: z.strictObject({
      /**
       * Path (and fixed query, `/ws?v=2`) appended to API_URL's origin when WS_URL is not set; may hold `{{userId}}`,
       * `{{username}}` (percent-encoded where they land).
       */
      path,
      /** Carriers tried in order by the default client; tests also use each one alone. Empty: none (an open socket). */
      carriers: list(authCarrier),
      ticket: z
        .strictObject({ method: z.enum(['POST', 'GET']), path, ticketPath: jsonPaths, param: z.string() })
        .optional(),
      echo: echoRule,
      tokenEchoSeverity: z.enum(['critical', 'high', 'medium', 'low']),
      /** The largest frame the client accepts (bytes, default 1 MiB); a larger one is refused at its header (F31). */
      maxFrameBytes: z.number().int().min(1024).optional(),
      ready: z.strictObject({
        match: frameMatcher,
        connectionIdPath: optionalPaths,
        userIdPath: optionalPaths,
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
        /**
         * What the client sends to keep the socket alive: a frame template, `control` for RFC 6455 ping frames (the
         * pong is the control pong), or absent when the client never pings.
         */
        clientPing: z.union([z.literal('control'), template]).optional(),
        pongType: z.string().optional(),
        /** A server frame that must be answered, and the answer (`{{frame.<path>}}` reads the frame answered). */
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
      /** How the product answers hostile input (tests/websocket/hostile-input.spec.ts); unset fields take defaults. */
      hostileInput: z
        .strictObject({
          /** Largest inbound frame, in bytes, the product accepts: one byte more must be refused. */
          maxFrameBytes: z.number().int().min(1).optional(),
          /** Close codes that are a defined refusal of a message. */
          refusalCloseCodes: list(z.number().int().min(1000).max(4999)).optional(),
          /** Frame types that answer a refused message, besides events.failureTypes. */
          errorTypes: list(z.string()).optional(),
          /** How long the answer to one hostile message may take, in ms. */
          answerWithinMs: z.number().int().min(100).max(120_000).optional(),
        })
        .optional(),
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
      /**
       * How a frame wraps its events: `jsonText` fields hold JSON text, parsed in place before any path is read;
       * `split` is the path of a list, one event per element (the rest of the frame is kept with each).
       */
      envelope: z
        .strictObject({ jsonText: optionalPaths.optional(), split: z.string().min(1).optional() })
        .optional(),
      typePath: jsonPaths,
      aliases: z.strictObject({
        started: optionalPaths,
        thinking: optionalPaths,
        toolExecuting: optionalPaths,
        toolCompleted: optionalPaths,
        completed: optionalPaths,
      }),
      /** Kinds named by predicates, tried before the type: the first whose `when` holds. */
      matchers: list(kindMatcher).optional(),
      /** The end of an answer as a flag on a frame (`done: true`): such a frame is the completed event. */
      doneFlag: frameMatcher.optional(),
      /** A failed answer as a flag (`error: true`): such a frame is a failure, checked before doneFlag. */
      errorFlag: frameMatcher.optional(),
      /** `deltas`: the answer is the run's stream chunks (chunkText) concatenated, not a field of the terminal event. */
      answerFrom: z.enum(['terminal', 'deltas']).optional(),
      /** Logical events in the order the target must emit them; all required. */
      order: nonEmpty(logicalEvent),
      /** Logical events that may repeat within a run. */
      repeatable: list(logicalEvent),
      failureTypes: list(z.string()),
      streamTypes: list(z.string()),
      /** Other frame types allowed in a run's timeline (progress, thread_created, …). */
      otherTypes: list(z.string()),
      fields: z.strictObject(
        Object.fromEntries(eventField.options.map((f) => [f, optionalPaths])) as Record<
          z.infer<typeof eventField>,
          typeof optionalPaths
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
          /** Compared as text: a bare boolean `{"ready": true}` is `'true'`. */
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
      /**
       * true: services may report a commit shortened to its first 7+ hex digits, which then equals the full id it is
       * the prefix of. Absent or false: commit ids compare exactly (a prefix is another commit).
       */
      shortCommits: z.boolean().optional(),
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
    /** What the product offers; each unset one is derived from the fields above (docs/profile.md, "Capabilities"). */
    capabilities: z
      .strictObject({
        webUi: z.boolean().optional(),
        headerAuth: z.boolean().optional(),
        subprotocolAuth: z.boolean().optional(),
        jwt: z.boolean().optional(),
        expiredTokenRefusal: z.boolean().optional(),
        threads: z.boolean().optional(),
        ownStreamPerSocket: z.boolean().optional(),
        infraStatus: z.boolean().optional(),
        databaseStatus: z.boolean().optional(),
        versionEndpoint: z.boolean().optional(),
        cors: z.boolean().optional(),
        tls: z.boolean().optional(),
      })
      .optional(),
    /** The product's web UI; absent: it has none (the browser journey is not applicable). */
    ui: z
      .strictObject({
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
            /** Where the web app keeps its token (its carrier); every key listed is set before the app loads. */
            localStorageKeys: list(z.string()).optional(),
            sessionStorageKeys: list(z.string()).optional(),
            /** A cookie on the web origin; `httpOnly` when the app's server (not its script) reads it. */
            cookie: z.strictObject({ name: z.string().min(1), httpOnly: z.boolean().optional() }).optional(),
            /** The token in the URL the journey opens (`/chat?token={{token}}`); logs keep URLs, so prefer the others. */
            urlTemplate: z.string().optional(),
          }),
        ]),
        chatPath: path,
        messageBox: locator,
        sendButton: locator,
        connection: z.strictObject({
          locator,
          connectedText: z.string(),
          /**
           * Regular expression source the indicator's whole text must match, anchored (`^…$`); default: exactly
           * connectedText. Never a substring: "Not Connected" is not "Connected".
           */
          connectedPattern: z
            .string()
            .regex(/^\^.*\$$/s, 'an anchored regular expression source, `^…$`')
            .refine(compiles, 'a regular expression that compiles')
            .optional(),
        }),
        /**
         * What the browser journey tolerates from the product's own origins (web, API, auth): by default every
         * uncaught page error and every 4xx/5xx response fails it. Each entry is a regular expression source.
         */
        allowedErrors: z
          .strictObject({
            /** Matched against `STATUS METHOD URL` (e.g. `^404 GET https://app\\.example\\.com/optional\\.json$`). */
            responses: list(z.string().refine(compiles, 'a regular expression that compiles')).optional(),
            /** Matched against the uncaught error's message. */
            pageErrors: list(z.string().refine(compiles, 'a regular expression that compiles')).optional(),
          })
          .optional(),
        assistantItem: locator,
        /** Regular expression source: only assistant items whose text matches count (e.g. not the typing placeholder). */
        assistantTextPattern: z.string().optional(),
        status: locator.optional(),
        processing: locator.optional(),
      })
      .optional(),
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
    /**
     * A product the fields cannot describe: a function given the adapter compiled from the fields, answering the
     * operations it replaces (src/protocol/adapter.ts, DialectAdapter). Pure: it is bundled into the load scenarios.
     */
    adapter: hook<(base: AdapterOperations) => Partial<AdapterOperations>>(),
  })
  .superRefine((p, ctx) => {
    // A capability declared present whose fields are missing could only fail later, inside a test: said here, once.
    if (p.capabilities?.webUi === true && p.ui === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['ui'],
        message: 'expected a ui section (capabilities.webUi is true)',
        input: p.ui,
      });
  });
