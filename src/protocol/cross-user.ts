// Which frames carry another user's request marker or ids: exact tokens and exact values, never prefixes. Pure
// (bundled into k6): works on frames that carry no user id at all, and tells another socket of the same user
// (a product may fan a user's turns out to all of that user's sockets) from another user.

/** Marker shape: `gpmark-<user key>-<nonce>`; the user key lets a receiver tell its own user's turns from others'. */
const MARKER_PREFIX = 'gpmark';
const USER_KEY = /^[a-z0-9]{1,24}$/;
const MARKER = /^gpmark-([a-z0-9]{1,24})-([0-9a-f]{8,32})$/;
// Tokens are runs of these characters; a marker is found only as a whole token.
const TOKEN_SPLIT = /[^A-Za-z0-9_-]+/;
// Bounds the walk of hostile or huge frames.
const MAX_DEPTH = 12;

/** A request marker for a question: `nonce` is 8–32 lower-case hex digits, `userKey` [a-z0-9]{1,24}. */
export function requestMarker(userKey: string, nonce: string): string {
  if (!USER_KEY.test(userKey)) throw new Error(`user key "${userKey}" is not [a-z0-9]{1,24}`);
  const marker = `${MARKER_PREFIX}-${userKey}-${nonce}`;
  if (!MARKER.test(marker)) throw new Error(`nonce "${nonce}" is not 8–32 lower-case hex digits`);
  return marker;
}

/** The user key a marker token names, or undefined when the token is not a marker. */
export function markerUserKey(token: string): string | undefined {
  return MARKER.exec(token)?.[1];
}

/** The tokens of a text: a marker is found only as one of them, never as a prefix or substring. */
export function textTokens(s: string): string[] {
  return s.split(TOKEN_SPLIT).filter((t) => t !== '');
}

/** What a decoded frame holds: its string/number leaves as values, and their text split into tokens. */
export interface FrameContent {
  values: ReadonlySet<string>;
  tokens: ReadonlySet<string>;
}

/**
 * Decodes a frame for scanning: JSON leaves (JSON text inside a string field decoded in turn, as an envelope's
 * payload may be), or the raw text of a frame that is not JSON.
 */
export function frameContent(data: unknown, text?: string): FrameContent {
  const content = { values: new Set<string>(), tokens: new Set<string>() };
  if (data !== undefined) walk(content, data, 0);
  else if (text !== undefined) addText(content, text);
  return content;
}

// Module functions, not closures per call: frameContent runs on every frame of every load session.
function addText(content: { values: Set<string>; tokens: Set<string> }, s: string): void {
  content.values.add(s);
  for (const t of textTokens(s)) content.tokens.add(t);
}

function walk(content: { values: Set<string>; tokens: Set<string> }, v: unknown, depth: number): void {
  if (depth > MAX_DEPTH) return;
  if (typeof v === 'string') {
    addText(content, v);
    const head = v.trimStart()[0];
    if (head === '{' || head === '[') {
      try {
        walk(content, JSON.parse(v) as unknown, depth + 1);
      } catch {
        // plain text that merely starts with a bracket
      }
    }
  } else if (typeof v === 'number' || typeof v === 'bigint') {
    content.values.add(String(v));
  } else if (Array.isArray(v)) {
    for (const item of v) walk(content, item, depth + 1);
  } else if (v !== null && typeof v === 'object') {
    for (const item of Object.values(v)) walk(content, item, depth + 1);
  }
}

/** One request a user made on one socket: its marker and the ids the product gave it. */
export interface RequestOwner {
  /** Who made it (one key per user: sockets of the same user share it). */
  user: string;
  /** Which socket it was made on. */
  socket: string;
  marker?: string | undefined;
  userId?: string | undefined;
  threadIds?: readonly string[];
  runIds?: readonly string[];
}

export type CarriedKind = 'marker' | 'user id' | 'thread id' | 'run id';

export interface CrossFrameHit {
  owner: RequestOwner;
  what: CarriedKind;
  value: string;
  /** Another user's (an isolation breach) or the same user's other socket (a product's fan-out: allowed). */
  relation: 'another-user' | 'same-user-other-socket';
}

/**
 * The other requests whose marker (an exact token) or ids (an exact value) the frame carries. The receiver's own
 * requests on its own socket are skipped; so is an id the receiver itself owns (a shared id cannot accuse).
 */
export function crossHits(
  content: FrameContent,
  receiver: { user: string; socket: string },
  owners: readonly RequestOwner[],
): CrossFrameHit[] {
  const ownIds = new Set<string>();
  for (const o of owners) if (o.user === receiver.user) for (const id of idsOf(o)) ownIds.add(id.value);
  const hits: CrossFrameHit[] = [];
  for (const owner of owners) {
    if (owner.user === receiver.user && owner.socket === receiver.socket) continue;
    const relation = owner.user === receiver.user ? 'same-user-other-socket' : 'another-user';
    if (owner.marker !== undefined && content.tokens.has(owner.marker))
      hits.push({ owner, what: 'marker', value: owner.marker, relation });
    if (relation === 'same-user-other-socket') continue;
    for (const id of idsOf(owner)) {
      if (!ownIds.has(id.value) && content.values.has(id.value))
        hits.push({ owner, what: id.what, value: id.value, relation });
    }
  }
  return hits;
}

/** The request marker a question carries (its first marker token), if any. */
export function markerOf(question: string): string | undefined {
  return textTokens(question).find((t) => markerUserKey(t) !== undefined);
}

/** Whether the frame carries a request marker other than `own`: it answers another request, not this one. */
export function carriesOtherMarker(content: FrameContent, own: string): boolean {
  for (const t of content.tokens) if (t !== own && markerUserKey(t) !== undefined) return true;
  return false;
}

/** Marker tokens in the frame that name another user key than `ownUserKey` (for a session that knows only its own). */
export function foreignMarkers(content: FrameContent, ownUserKey: string): string[] {
  return [...content.tokens].filter((t) => {
    const key = markerUserKey(t);
    return key !== undefined && key !== ownUserKey;
  });
}

function idsOf(o: RequestOwner): { what: CarriedKind; value: string }[] {
  return [
    ...(o.userId ? [{ what: 'user id' as const, value: o.userId }] : []),
    ...(o.threadIds ?? []).filter((v) => v !== '').map((value) => ({ what: 'thread id' as const, value })),
    ...(o.runIds ?? []).filter((v) => v !== '').map((value) => ({ what: 'run id' as const, value })),
  ];
}
