// The shape of a target profile: every protocol name, path, template and selector the harness uses.
// Pure data and plain functions, no imports from Node, so esbuild can bundle a profile into k6 scripts.

/** A JSON path such as `data.result.text` or `dependencies[0].name`; a list means "first match wins". */
export type JsonPath = string;
export type JsonPaths = readonly JsonPath[];

/** A JSON value whose strings may hold `{{placeholders}}` (token, token_b64url, email, password, text, thread_id…). */
export type Template = unknown;

export type LogicalEvent = 'started' | 'thinking' | 'toolExecuting' | 'toolCompleted' | 'completed';
export type EventField =
  | 'runId'
  | 'threadId'
  | 'userId'
  | 'eventId'
  | 'timestamp'
  | 'toolName'
  | 'results'
  | 'answer'
  | 'duration'
  | 'chunkText'
  | 'agentName';

export type TokenStrategy =
  | {
      kind: 'login';
      method?: 'POST';
      path: string;
      body: Template;
      tokenPath: JsonPaths;
      userIdPath?: JsonPaths;
    }
  | { kind: 'static' }
  | {
      kind: 'http';
      method: 'GET' | 'POST' | 'PUT';
      path: string;
      headers?: Record<string, string>;
      body?: Template;
      tokenPath: JsonPaths;
      /**
       * Settings (env variables, read by src/config as secrets, never logged) the header and body templates may use
       * besides `{{email}}` and `{{password}}`: `BYPASS_KEY` is `{{BYPASS_KEY}}` or `{{bypass_key}}`.
       */
      secretSettings?: readonly string[];
    }
  | {
      kind: 'mint';
      alg: 'HS256' | 'HS384' | 'HS512';
      /** Name of the setting (env variable) holding the signing secret; any name (read by src/config, never logged). */
      secretSetting: string;
      claims: Record<string, Template>;
      ttlSeconds: number;
    };

export type AuthCarrier =
  | { kind: 'header'; name: string; value: string }
  | { kind: 'subprotocol'; entries: readonly string[] }
  | { kind: 'query'; param: string; value: string };

export type EchoRule =
  { rule: 'exact'; value: string } | { rule: 'non-token' } | { rule: 'any-offered' } | { rule: 'none' };

export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** `path = value` predicates on a frame; all must hold. */
export type FrameMatcher = Readonly<Record<JsonPath, string | number | boolean>>;

export type Locator =
  | { by: 'role'; role: string; name?: string; exact?: boolean }
  | { by: 'label'; text: string; exact?: boolean }
  | { by: 'placeholder'; text: string }
  | { by: 'testId'; id: string }
  | { by: 'text'; text: string };

export interface HealthEndpoint {
  path: string;
  /** Where the status value is; absent means a plain-text body (Kubernetes-style `ok`). */
  statusPath?: JsonPaths;
  healthyValues: readonly string[];
  /** Fields a live body must also carry (the contract's version, commit, uptime): one missing is a failure. */
  requiredPaths?: readonly JsonPath[];
}

export interface DependencyList {
  /** Endpoint holding the dependency list; absent means the readiness body itself. */
  path?: string;
  at: JsonPath;
  shape: 'map' | 'array';
  namePath?: JsonPath;
  statusPath: JsonPath;
  latencyPath?: JsonPath;
  okValues: readonly string[];
}

export type VersionSource =
  | { kind: 'json'; path: string; versionPath: JsonPaths; commitPath?: JsonPaths }
  | { kind: 'meta'; path: string; name: string };

export interface ServiceHealth {
  live: HealthEndpoint;
  version?: VersionSource;
}

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

export interface Hooks {
  /** Name the logical kind of a frame when aliases cannot ('started', …, 'failure', 'stream', 'keepalive'). */
  classify?: (frame: unknown) => FrameKind | undefined;
  /** Extract the answer text of a terminal frame when answer paths cannot. */
  answer?: (frame: unknown) => string | undefined;
  /** Obtain a token when no strategy can say how; called first. `undefined` falls through to the strategies. */
  acquireToken?: (ctx: TokenContext) => Promise<string | undefined> | string | undefined;
}

export type FrameKind = LogicalEvent | 'failure' | 'stream' | 'ready' | 'keepalive' | 'pong' | 'other';

export interface ProfileDefinition {
  name: string;
  description: string;
  /** false: the target maps every client to one identity (demo mode); isolation checks become "not applicable". */
  authEnforced: boolean;

  auth: {
    strategies: readonly TokenStrategy[];
    /** Register the user (POST to AUTH_URL + path) once per client before its first login; "exists" is fine. */
    register?: { path: string; body: Template };
    /** Authenticated "who am I" call, used by header-forwarding and identity checks (an email there must be the user's). */
    me: { path: string; userIdPath: JsonPaths; emailPath?: JsonPaths };
    /** Statuses a login with bad credentials may answer, and the JSON path/value of its error. */
    badCredentials: { statuses: readonly number[]; errorPath?: JsonPath; errorValue?: string };
  };

  ws: {
    /** Path (and fixed query, `/ws?v=2`) appended to API_URL's origin when WS_URL is not set. */
    path: string;
    /** Carriers tried in order by the default client; tests also use each one alone. */
    carriers: readonly AuthCarrier[];
    ticket?: { method: 'POST' | 'GET'; path: string; ticketPath: JsonPaths; param: string };
    echo: EchoRule;
    tokenEchoSeverity: Severity;
    ready: {
      match: FrameMatcher;
      connectionIdPath: JsonPaths;
      userIdPath: JsonPaths;
      userIdMatch: 'exact' | 'prefix' | 'none';
    };
    /** How the target refuses bad credentials: HTTP status at upgrade, or accept + error frame + close. */
    rejection: {
      upgradeStatuses: readonly number[];
      errorFrame?: FrameMatcher;
      closeCodes: readonly number[];
      reasonPattern?: string;
    };
    keepAlive: {
      /** Frame types that never enter an event timeline. */
      ignoreTypes: readonly string[];
      clientPing: Template;
      pongType: string;
      /** A server frame that must be answered, and the answer. */
      autoReply?: { when: FrameMatcher; reply: Template };
    };
    /** Close code (and optional reason pattern) → failure class of failure-modes.md. */
    closes: readonly { code: number; reasonPattern?: string; failureClass: string; meaning: string }[];
  };

  send: {
    first: Template;
    followUp: Template;
    /** HTTP step (API_URL + path, authenticated like the header carrier) when a question has no thread yet → its id. */
    createThread?: { method: 'POST'; path: string; body?: Template; threadIdPath: JsonPaths };
    /** Send over HTTP (API_URL + path, `{{text}}`, `{{thread_id}}`) instead of the socket; events still arrive on it. */
    http?: { method: 'POST'; path: string; body: Template };
  };

  events: {
    typePath: JsonPaths;
    aliases: Readonly<Record<LogicalEvent, readonly string[]>>;
    /** Logical events in the order the target must emit them; all required. */
    order: readonly LogicalEvent[];
    /** Logical events that may repeat within a run. */
    repeatable: readonly LogicalEvent[];
    failureTypes: readonly string[];
    streamTypes: readonly string[];
    /** Other frame types allowed in a run's timeline (progress, thread_created, …). */
    otherTypes: readonly string[];
    fields: Readonly<Record<EventField, JsonPaths>>;
    required: Readonly<Record<LogicalEvent, readonly EventField[]>>;
    timestampFormat: 'iso' | 'epoch-s' | 'epoch-ms' | 'auto';
    /** When the answer is an object: where its text is; else the object's JSON is the answer. */
    answerTextPath: JsonPaths;
    /** Ids that tie an event to a run, in order of preference (run id learned from the first event). */
    correlation: readonly EventField[];
  };

  health: {
    api: ServiceHealth & {
      ready: {
        path: string;
        statusPath: JsonPaths;
        readyValues: readonly string[];
        dependencies?: DependencyList;
      };
      infrastructure?: {
        path: string;
        dbStatus: JsonPaths;
        dbConnectionTime: JsonPaths;
        /** Unit of a bare number at dbConnectionTime; strings with a unit (`0.1s`, `120 ms`) are parsed. */
        dbConnectionTimeUnit: 'ms' | 's';
        poolUtilization?: JsonPaths;
        cacheStatus?: JsonPaths;
        authServiceStatus?: JsonPaths;
        okValues: readonly string[];
      };
      ws?: { path: string; statusPath: JsonPaths; connectionsPath: JsonPaths };
    };
    auth: ServiceHealth;
    web?: { version?: VersionSource };
    extraProbes?: readonly {
      name: string;
      base: 'api' | 'auth' | 'web';
      path: string;
      status: number;
      bodyMatch?: FrameMatcher;
    }[];
  };

  ui: {
    login:
      | { kind: 'form'; path: string; email: Locator; password: Locator; submit: Locator; error?: Locator }
      | { kind: 'inject-token'; localStorageKeys?: readonly string[]; urlTemplate?: string };
    chatPath: string;
    messageBox: Locator;
    sendButton: Locator;
    connection: { locator: Locator; connectedText: string };
    assistantItem: Locator;
    /** Regular expression source: only assistant items whose text matches count (e.g. not the typing placeholder). */
    assistantTextPattern?: string;
    status?: Locator;
    processing?: Locator;
  };

  /**
   * Findings the team knows about and has accepted for now (e.g. `token-echo`). Each is still reported, with its
   * severity; its check is marked as an expected failure, so the day the target is fixed the run says so.
   */
  acceptedFindings?: readonly { id: 'token-echo'; reason: string }[];

  probe: {
    question: string;
    followUp: string;
    /** `quotes`: the answer must contain the question; otherwise a regular expression source. */
    relevance: 'quotes' | { pattern: string; flags?: string };
  };

  hooks?: Hooks;
}

export type Profile = Readonly<ProfileDefinition>;

/** Typed like Playwright's defineConfig; validation happens when the profile is loaded. */
export function defineProfile(definition: ProfileDefinition): Profile {
  return definition;
}
