// Header forwarding through the front door (F4): each auth carrier alone must authenticate; name the one that did not.
import type { AuthCarrier } from '../../profiles/define.ts';

export interface CarrierAttempt {
  /** What carried the token: "Authorization header", "Sec-WebSocket-Protocol header", "query parameter token". */
  carrier: string;
  accepted: boolean;
  /** What happened: "ready frame after 12 ms", "upgrade answered 401". */
  detail: string;
}

export interface HttpAuthAttempt {
  carrier: string;
  url: string;
  accepted: boolean;
  detail: string;
}

/** The header (or parameter) a carrier puts the token in, as a person would name it. */
export function carrierLabel(carrier: AuthCarrier): string {
  switch (carrier.kind) {
    case 'header':
      return `${carrier.name} header`;
    case 'subprotocol':
      return 'Sec-WebSocket-Protocol header';
    case 'query':
      return `query parameter ${carrier.param}`;
    case 'cookie':
      return `cookie ${carrier.name}`;
    case 'first-message':
      return 'first message';
  }
}

/** One carrier per kind (header, subprotocol, query), in the profile's order: each is tried alone. */
export function distinctCarriers(carriers: readonly AuthCarrier[]): AuthCarrier[] {
  const seen = new Set<string>();
  return carriers.filter((c) => {
    const key = c.kind === 'header' ? `header:${c.name.toLowerCase()}` : c.kind;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Whether the attempts show a header missing at the backend (F4): one carrier refused while another carried the same
 * token through, or an HTTP call refused with a token a carrier got accepted. Every carrier refused is not that: the
 * product accepts none of the carriers tried (F32), or the token is bad.
 */
export function showsStripped(ws: readonly CarrierAttempt[], http: readonly HttpAuthAttempt[]): boolean {
  const anyAccepted = ws.some((a) => a.accepted) || http.some((h) => h.accepted);
  return anyAccepted && (ws.some((a) => !a.accepted) || http.some((h) => !h.accepted));
}

/**
 * Problems: a carrier refused while another was accepted means that header did not reach the backend; all
 * refused means no carrier works at all (stripped, or the token is bad); an HTTP call refused with a valid token
 * means the header did not reach that service.
 */
export function forwardingProblems(
  wsUrl: string,
  ws: readonly CarrierAttempt[],
  http: readonly HttpAuthAttempt[],
): string[] {
  const problems: string[] = [];
  const accepted = ws.filter((a) => a.accepted);
  const refused = ws.filter((a) => !a.accepted);
  if (refused.length > 0 && accepted.length > 0) {
    const others = accepted.map((a) => `the ${a.carrier} alone`).join(' and ');
    for (const r of refused) {
      problems.push(
        `the ${r.carrier} did not reach the backend: a WebSocket to ${wsUrl} carrying the token only in it was refused (${r.detail}) while ${others} authenticated`,
      );
    }
  } else if (refused.length > 0) {
    problems.push(
      `the product accepted none of the carriers tried at ${wsUrl} (${refused.map((r) => r.carrier).join(', ')}): ${refused.map((r) => `${r.carrier}: ${r.detail}`).join('; ')}`,
    );
  }
  const httpOk = http.some((h) => h.accepted);
  for (const h of http.filter((x) => !x.accepted)) {
    const why =
      accepted.length > 0 || httpOk ? 'with a token the WebSocket accepted' : 'with a freshly issued token';
    problems.push(`the ${h.carrier} did not reach the service at ${h.url}: the call ${why} ${h.detail}`);
  }
  return problems;
}

/**
 * The "who am I" call answered for someone else: the token (or the gateway) maps the test user to another identity.
 * Emails compare case-insensitively; undefined when either side is unknown or they agree.
 */
export function identityMixUp(
  url: string,
  userLabel: string,
  expected: string | undefined,
  seen: string | undefined,
): string | undefined {
  if (expected === undefined || seen === undefined || expected.toLowerCase() === seen.toLowerCase())
    return undefined;
  return `identity mix-up: ${url} answered for ${seen}, but the token is ${userLabel}'s (${expected})`;
}
