// The facts a diagnosis is made from, as the clients collect them: HTTP exchanges, upgrades, runs, health bodies.

/** What kind of network failure a request met (no answer at all). */
export type NetworkKind = 'refused' | 'reset' | 'dns' | 'tls' | 'connect-timeout' | 'other';

export interface HttpFact {
  url: string;
  status?: number;
  ms: number;
  error?: string;
  /** What the call was for: login, health, readiness, me, … */
  what?: string;
  method?: string;
  /** The kind of network failure, when no answer came. */
  network?: NetworkKind;
  contentType?: string;
  /** Where a 3xx pointed. */
  location?: string;
  /** The first bytes of the body, redacted. */
  bodyHead?: string;
  /** The caller expected JSON (an API call, not a page). */
  expectJson?: boolean;
  /** A 2xx answer to a JSON call whose body is not JSON (nor an HTML page): malformed (F31), its first bytes named. */
  jsonInvalid?: boolean;
}

export interface UpgradeFact {
  outcome: 'open' | 'rejected' | 'network-error' | 'timeout';
  status?: number;
  /** The upgrade URL, redacted. */
  url?: string;
  /** A rejected upgrade's answer: its content type, Location and first bytes (redacted). */
  contentType?: string;
  location?: string;
  bodyHead?: string;
  /** The kind of network failure of a 'network-error' outcome. */
  network?: NetworkKind;
  /** The token was sent (so a 401 means it did not arrive, or was refused). */
  tokenSent: boolean;
  /** The token was a deliberately bad one (refusal checks). */
  tokenBad?: boolean;
  carriers: ('header' | 'subprotocol' | 'query' | 'cookie' | 'first-message')[];
  offeredSubprotocol?: boolean;
  selectedProtocol?: string;
  echoExpected?: string;
  echoCarriesToken?: boolean;
  close?: { code: number; reason: string; atMs: number };
  readyArrived: boolean;
  /** The id the ready frame gave the connection, when the profile says where it is. */
  connectionId?: string;
  /** Position in a series of concurrent connections (capacity vs race). */
  index?: number;
}

export interface Evidence {
  error?: { code?: string; message: string };
  sla?: { id: string; message: string };
  http?: HttpFact[];
  upgrades?: UpgradeFact[];
  run?: {
    terminal: 'completed' | 'failure' | 'none';
    eventsSeen: string[];
    missing?: string[];
    violations?: { rule: string; message: string }[];
    failureText?: string;
    /** Connection still open at the deadline (silence) vs closed. */
    openAtDeadline?: boolean;
    /** Closed before the terminal event: the code, and the class the profile maps it to. */
    closedMidRun?: { code: number; reason: string; failureClass?: string };
    /** How long the client waited for the terminal event. */
    waitedMs?: number;
    /** Progress that kept coming up to the deadline: the most frequent event type and its mean interval. */
    stillReceiving?: { type: string; everyMs: number; count: number };
  };
  /** A frame the client refused for its size: declared bytes (when known) and the profile's limit. */
  oversizedFrame?: { bytes?: number; limit: number };

  isolation?: { breach?: string; sharedIdentity?: string };
  refusal?: { accepted: boolean; what: string; shape: string };
  ui?: { failed: boolean; protocolPassed?: boolean; step?: string };
  health?: {
    readyMs?: number;
    readyTimedOut?: boolean;
    notReady?: string[];
    fiveXx?: number;
    dbStatus?: string;
    dbConnectionMs?: number;
    versions?: Record<string, string>;
  };
}
