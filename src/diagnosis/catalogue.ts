// The one catalogue of failure classes: every renderer (console, Allure categories, verdict, docs) reads it.

/** The suites that can raise a class, as folders of tests/ plus the runner, the load run and the gate. */
export type Suite = 'golden-path' | 'websocket' | 'infra' | 'load' | 'runner' | 'gate';

export interface ClassEntry {
  /** Short title: what failed. */
  title: string;
  /** The likely cause in the product or its infrastructure. */
  likelyCause: string;
  /** What to look at first. */
  check: string;
  suites: readonly Suite[];
}

export const CATALOGUE = {
  F1: {
    title: 'auth service slow',
    likelyCause: 'the login path is slow (VPC hop, cold path, an overloaded identity provider)',
    check: 'login latency on the auth service and what it calls; the auth.login.latency trend',
    suites: ['golden-path', 'infra', 'load', 'websocket'],
  },
  F2: {
    title: 'auth service unavailable',
    likelyCause: 'the auth service answers 5xx or cannot be reached',
    check: "the auth service's health, its upstream, and the status the login answered",
    suites: ['golden-path', 'websocket'],
  },
  F3: {
    title: 'WebSocket handshake race',
    likelyCause: 'the server accepts the upgrade, then closes 1011 before it is ready to serve',
    check: 'the ordering of connection set-up on the server (auth, session lookup) after the 101',
    suites: ['websocket', 'load'],
  },
  F4: {
    title: 'headers stripped between client and backend',
    likelyCause:
      'a proxy or load balancer drops Authorization / Sec-WebSocket-Protocol, or the token never reaches the backend',
    check:
      'proxy header forwarding (Upgrade, Connection, Authorization, Sec-WebSocket-Protocol) and the profile carriers',
    suites: ['websocket', 'infra'],
  },
  F5: {
    title: 'frontend build and backend disagree',
    likelyCause: 'the web UI speaks another protocol version than the backend (a stale frontend bundle)',
    check: 'the deployed frontend bundle version against the backend version',
    suites: ['golden-path'],
  },
  F6: {
    title: 'readiness blocked by a dependency timeout',
    likelyCause: 'a dependency (cache, queue, database) makes readiness slow or time out',
    check: 'the dependency named in the readiness body and its timeouts',
    suites: ['infra'],
  },
  F7: {
    title: 'service unavailable (cold start, 5xx burst)',
    likelyCause: 'the service is starting or crashing: 5xx answers, 1011 closes, rejected upgrades',
    check: "the service's logs and restarts around the failure time",
    suites: ['golden-path', 'websocket', 'infra', 'load'],
  },
  F8: {
    title: 'database degraded',
    likelyCause: 'the database is down, slow to connect, or its pool is exhausted',
    check: 'database health, connection time and pool use in the infrastructure health body',
    suites: ['golden-path', 'infra'],
  },
  F9: {
    title: 'agent events missing or out of order',
    likelyCause: 'the agent pipeline drops, reorders or duplicates its events',
    check: 'the attached timeline: which event is missing or out of place, and the agent logs for that run',
    suites: ['golden-path', 'websocket', 'load'],
  },
  F10: {
    title: 'isolation breach',
    likelyCause: "one user's events are delivered to another user's socket",
    check: 'the routing of events to connections (run, thread and user ids) in the WebSocket gateway',
    suites: ['golden-path', 'websocket', 'load'],
  },
  F11: {
    title: 'capacity limit',
    likelyCause: 'the service stops accepting or serving connections above a concurrency level',
    check: 'connection limits (workers, file descriptors, proxy limits) near the first failing level',
    suites: ['load', 'websocket'],
  },
  F12: {
    title: 'version drift',
    likelyCause: 'services report other versions or commits than expected, or disagree with each other',
    check: 'the deployment: which service runs which version',
    suites: ['infra'],
  },
  F13: {
    title: 'target unreachable or nothing tested',
    likelyCause: 'the target cannot be reached, or the run tested nothing (no tests, all skipped)',
    check: 'the target URL, DNS and network path; the selection of tests',
    suites: ['runner', 'golden-path', 'websocket', 'infra', 'load', 'gate'],
  },
  F14: {
    title: 'silent hang',
    likelyCause: 'the server accepted the request and never answered within the bound',
    check: 'what the timeout names as awaited; the server side of that step',
    suites: ['golden-path', 'websocket', 'infra', 'load'],
  },
  F15: {
    title: 'target accepts unauthenticated clients',
    likelyCause: 'a bad, missing or expired credential is accepted (demo mode, an auth bypass)',
    check: "the target's auth configuration and any test-mode switches",
    suites: ['golden-path', 'websocket'],
  },
  F16: {
    title: 'token echoed in the handshake',
    likelyCause: 'the selected subprotocol carries the token, so it lands in response headers and proxy logs',
    check: "the server's subprotocol selection: it should echo a fixed name, never the token",
    suites: ['websocket', 'infra'],
  },
  F17: {
    title: 'WebSocket upgrade not forwarded',
    likelyCause:
      'a proxy in front of the WebSocket server does not pass the upgrade on (no Upgrade/Connection forwarding, HTTP/1.0 upstream) or routes it to the web app',
    check:
      "the proxy's config for the WebSocket path: HTTP/1.1 upstream, Upgrade and Connection forwarded, the route to the backend",
    suites: ['golden-path', 'websocket', 'infra', 'load'],
  },
  F18: {
    title: 'upstream down or timing out',
    likelyCause:
      'a proxy answered 502/504: the service behind it is down, refuses connections, or is slower than the proxy timeout',
    check:
      "the proxy's upstream for that URL (is it up, on the port the proxy targets), its error log and timeouts",
    suites: ['golden-path', 'websocket', 'infra', 'load'],
  },
  F19: {
    title: 'HTML where JSON was expected',
    likelyCause:
      'an API URL is served by the web app shell or a proxy error page (a wrong route or base URL)',
    check: 'API_URL / AUTH_URL and the proxy routes for that path; the first bytes of the page named',
    suites: ['golden-path', 'websocket', 'infra', 'load'],
  },
  F20: {
    title: 'redirected',
    likelyCause: 'the request was sent elsewhere: a login or SSO wall, another host, or http → https',
    check: 'the Location named: an auth wall in front of the API, or a wrong base URL (scheme, host, path)',
    suites: ['golden-path', 'websocket', 'infra', 'load'],
  },
  F21: {
    title: 'connection broken (TLS error or reset)',
    likelyCause:
      'the TLS handshake failed (certificate, name, protocol), or a proxy, firewall or the server reset the connection',
    check:
      'the certificate chain and names for that host; resets and idle timeouts on the proxies in between',
    suites: ['golden-path', 'websocket', 'infra', 'load'],
  },
  F22: {
    title: 'socket serves another identity',
    likelyCause:
      'the WebSocket maps the token to another user than the one who logged in (a session or token-cache mix-up)',
    check: "the server's token → user mapping at the upgrade; the ready frame's user id against the login's",
    suites: ['golden-path', 'websocket'],
  },
  F23: {
    title: 'idle connection dropped',
    likelyCause:
      'a proxy or load balancer closes WebSocket connections that are silent longer than its idle timeout, or the server closes idle sessions',
    check:
      'idle timeouts on every hop (nginx proxy_read_timeout, an ALB idle timeout, the server): above the think time, or keepalives more often',
    suites: ['websocket', 'infra'],
  },
  F24: {
    title: 'hostile input crashes the connection',
    likelyCause:
      'an oversize, malformed or unexpected message kills the connection or the service instead of being refused (no frame size limit, an unguarded parser, an unhandled exception)',
    check:
      "the WebSocket server's message handler and frame size limit (ws maxPayload, a proxy's body limit) for the input named, and the server log at that moment",
    suites: ['websocket'],
  },
  F25: {
    title: 'hostile input left unanswered',
    likelyCause:
      'the server swallows a message it cannot handle (an exception caught without a reply), so the client waits with no error frame and no close',
    check:
      'the error path of the message handler: every refused message gets an error frame or a close with a documented code',
    suites: ['websocket'],
  },
  F26: {
    title: "another user's data served on request",
    likelyCause:
      "a message naming another user's thread or user id is served without an ownership check (an insecure direct object reference)",
    check: 'the ownership check on thread and user ids where a message is handled and in the thread store',
    suites: ['websocket'],
  },
  F30: {
    title: 'run never finishes',
    likelyCause:
      'the agent keeps sending progress (thinking, stream pieces) and never its terminal event: a loop without a step or time limit',
    check: "the agent's loop guard (step limit, time budget) for that run; the event type named and its rate",
    suites: ['golden-path', 'websocket', 'load'],
  },
  F31: {
    title: 'malformed or oversized message',
    likelyCause:
      'the product sent a frame above the size limit (a whole document in one frame) or a body that is not valid JSON (a truncated write, a debug print, a wrong serializer)',
    check: 'the size or the first bytes named; chunking of large answers; the serializer of that endpoint',
    suites: ['golden-path', 'websocket', 'infra', 'load'],
  },
  F32: {
    title: 'no accepted credential carrier',
    likelyCause:
      'the token was refused in every carrier the client tried: the product expects it elsewhere (another header, subprotocol entry or query parameter) than the profile says',
    check:
      "the carriers named against the product's WebSocket auth code; the profile's ws.carriers; the forwarding probe (infra) for a stripped header",
    suites: ['golden-path', 'websocket', 'infra'],
  },
  F37: {
    title: 'SLA regressed against its baseline',
    likelyCause:
      'a change made the measured figure worse than its recent history by more than the stated tolerance, though the absolute SLA may still pass',
    check:
      'what changed since the baseline run (deploy, config, load); `npm run history -- --check <sla>` shows the series',
    suites: ['gate'],
  },
  F38: {
    title: 'new flaky test',
    likelyCause:
      'a test that was stable over the last runs now passed only on a retry: a new race or timeout in the product or the test',
    check:
      "the retry's first failure (its finding) and `npm run history -- --flaky` for its record over the last runs",
    suites: ['gate'],
  },
  F27: {
    title: 'the web app fails in the browser',
    likelyCause:
      "the product's web app throws an uncaught error, or one of its own origins answers 4xx/5xx (a missing or failing asset, API call or config file)",
    check:
      'the request or error named in browser-watch.json; the frontend deploy (assets, CDN) and the browser console',
    suites: ['golden-path'],
  },
  F28: {
    title: 'token lifecycle broken',
    likelyCause:
      'a refreshed token is refused, or an expired token is not: the token service and the services verifying its tokens disagree (keys, issuer, clock)',
    check:
      'the refresh endpoint and the signing key / issuer / audience the WebSocket and API verify against',
    suites: ['websocket'],
  },
  F29: {
    title: 'no recovery after a dropped connection',
    likelyCause:
      'after the TCP connection drops mid-answer (or the service restarts) a reconnect is refused, slow, or its next question gets no full answer',
    check:
      "the server's session clean-up on an abrupt close, its resume behaviour, and start-up/readiness after a restart",
    suites: ['websocket'],
  },
  PROFILE: {
    title: "the target's frames do not match the profile",
    likelyCause: 'the target speaks another dialect than the profile describes',
    check: 'TARGET_PROFILE and the profile fields named in the message (docs/profile.md)',
    suites: ['golden-path', 'websocket', 'infra', 'load'],
  },
  HARNESS: {
    title: 'harness misconfigured',
    likelyCause: "the harness's own settings, browser or fault switches are missing or invalid",
    check: 'the setting and file the message names',
    suites: ['runner', 'gate', 'load'],
  },
} as const satisfies Record<string, ClassEntry>;

export type ClassId = keyof typeof CATALOGUE;
export type FailureClass = ClassId | 'unclassified';

export const CLASS_IDS = Object.keys(CATALOGUE) as ClassId[];

export function isClassId(value: unknown): value is ClassId {
  return typeof value === 'string' && Object.hasOwn(CATALOGUE, value);
}

/** The title of a class, "unclassified" for the rest. */
export function titleOf(cls: FailureClass): string {
  return cls === 'unclassified' ? 'unclassified' : CATALOGUE[cls].title;
}
