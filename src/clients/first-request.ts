// The first HTTP exchange this process makes: on `local` a worker owns its reference target, so this is that
// target's first request after start, judged as `first_request.latency` (a remote run's is the preflight's).

/** What is kept of the exchange (the HTTP client's own record, filled in as it finishes). */
export interface FirstExchange {
  what: string;
  method: string;
  url: string;
  status: number | undefined;
  ms: number;
  error?: string;
}

let first: FirstExchange | undefined;
let taken = false;
let excluded = false;

/** Called by the HTTP client for every exchange; keeps the first. */
export function observeExchange(x: FirstExchange): void {
  first ??= x;
}

/** A failure mode was injected before any request: the first one then measures the fault, not the start. */
export function excludeFirstRequest(): void {
  if (!first) excluded = true;
}

/** The first exchange, once per process (after it finished), unless it ran under an injected fault. */
export function takeFirstRequest(): FirstExchange | undefined {
  if (taken || !first || excluded) return undefined;
  if (first.status === undefined && first.error === undefined) return undefined;
  taken = true;
  return first;
}
