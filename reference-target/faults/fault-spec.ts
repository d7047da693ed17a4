// Parses a GP_FAULTS spec ("name" or "name:param", comma-separated) into a typed, validated fault set.
import { FaultSpecError } from '../errors.ts';

type ParamKind = 'none' | 'ms' | 'status' | 'probability' | 'count' | 'event-type';

interface FaultDefinition {
  readonly param: ParamKind;
  /** Used when the param is omitted; undefined means the param is required. */
  readonly defaultParam?: number;
  readonly failureMode: string;
}

/** Every fault the target can exhibit; the failure-mode ids are the failure classes of docs/failure-classes.md. */
export const FAULT_DEFINITIONS = {
  'auth-slow': { param: 'ms', defaultParam: 1200, failureMode: 'F1' },
  'auth-down': { param: 'status', defaultParam: 503, failureMode: 'F2' },
  'ws-race-1011': { param: 'probability', defaultParam: 1, failureMode: 'F3' },
  'strip-auth-header': { param: 'none', failureMode: 'F4' },
  'strip-subprotocol': { param: 'none', failureMode: 'F4' },
  'frontend-protocol-mismatch': { param: 'none', failureMode: 'F5' },
  'ready-dependency-timeout': { param: 'ms', defaultParam: 30_000, failureMode: 'F6' },
  'cold-start-5xx': { param: 'count', defaultParam: 10, failureMode: 'F7' },
  'db-slow': { param: 'ms', defaultParam: 6000, failureMode: 'F8' },
  'drop-event': { param: 'event-type', failureMode: 'F9' },
  'reorder-events': { param: 'none', failureMode: 'F9' },
  'stream-never-completes': { param: 'none', failureMode: 'F14' },
  'cross-user-leak': { param: 'none', failureMode: 'F10' },
  'capacity-cliff': { param: 'count', failureMode: 'F11' },
  'version-drift': { param: 'none', failureMode: 'F12' },
  'auth-bypass': { param: 'none', failureMode: 'F15' },
  'echo-token': { param: 'none', failureMode: 'F16' },
  // A leak canary: the token in error bodies, an agent error frame and a response header, in every dialect.
  'echo-token-everywhere': { param: 'none', failureMode: 'F16' },
  'login-any-password': { param: 'none', failureMode: 'F15' },
  'early-close-1000': { param: 'none', failureMode: 'F9' },
  'wrong-user-answer': { param: 'none', failureMode: 'F10' },
  'ws-no-upgrade': { param: 'none', failureMode: 'F17' },
  'serve-other-identity': { param: 'none', failureMode: 'F22' },
  'unpaired-tool-call': { param: 'none', failureMode: 'F9' },
  'drop-thread-id': { param: 'none', failureMode: 'F9' },
  // A load balancer's idle timeout: the TCP socket destroyed, no close frame, after this long without traffic either way.
  'idle-drop': { param: 'ms', defaultParam: 3000, failureMode: 'F23' },
  // lumen: the server disregards every pong, so a client that answers each ping is still closed 4408.
  'ignore-pong': { param: 'none', failureMode: 'F23' },
  // lumen: a user's other sockets never see the turn (only the asking socket does).
  'fanout-missing': { param: 'none', failureMode: 'F9' },
  // Every question is copied to every other user's socket in a frame with no user, run or thread id.
  'leak-marker': { param: 'none', failureMode: 'F10' },
  // A frame over the size limit kills the connection (no close frame) instead of closing it 1009.
  'crash-on-oversize': { param: 'none', failureMode: 'F24' },
  // A message that is not JSON gets no answer at all.
  'hang-on-malformed': { param: 'none', failureMode: 'F25' },
  // A question naming another user's thread runs in it, and the answer quotes that thread's history.
  'foreign-thread': { param: 'none', failureMode: 'F26' },
  // A stream piece of this many bytes in one frame (a whole document, unchunked): above the client's frame limit.
  'huge-frame': { param: 'count', defaultParam: 4_194_304, failureMode: 'F31' },
  // The agent thinks forever: a thinking event every this many ms, never a terminal event.
  'endless-thinking': { param: 'ms', defaultParam: 100, failureMode: 'F30' },
  // The upgrade answers 101, then the server sends nothing at all (no ready frame).
  'silent-101': { param: 'none', failureMode: 'F14' },
  // The login answers 200 with a JSON body cut short (a truncated write), the token in its first bytes.
  'login-malformed-json': { param: 'none', failureMode: 'F31' },
  // The web app: its indicator says "Not Connected" while it is connected; an uncaught error; an image 500.
  'ui-not-connected': { param: 'none', failureMode: 'F5' },
  'ui-page-error': { param: 'none', failureMode: 'F27' },
  'ui-asset-500': { param: 'none', failureMode: 'F27' },
  // Token refresh answers a token no service accepts (signed with another key).
  'refresh-refused-token': { param: 'none', failureMode: 'F28' },
  // Reconnects after an abrupt drop are refused (1008) for this long after the drop.
  'reconnect-refused': { param: 'ms', defaultParam: 30_000, failureMode: 'F29' },
} as const satisfies Record<string, FaultDefinition>;

export type FaultName = keyof typeof FAULT_DEFINITIONS;

export interface FaultEntry {
  readonly name: FaultName;
  readonly param?: number | string;
}

/** The active faults as the server consults them; absent = off. */
export interface FaultSet {
  readonly entries: readonly FaultEntry[];
  readonly authSlowMs?: number;
  readonly authDownStatus?: number;
  readonly wsRace1011Probability?: number;
  readonly stripAuthHeader: boolean;
  readonly stripSubprotocol: boolean;
  readonly frontendProtocolMismatch: boolean;
  readonly readyDependencyTimeoutMs?: number;
  readonly coldStart5xxCount?: number;
  readonly dbSlowMs?: number;
  readonly dropEvents: ReadonlySet<string>;
  readonly reorderEvents: boolean;
  readonly streamNeverCompletes: boolean;
  readonly crossUserLeak: boolean;
  readonly capacityCliff?: number;
  readonly versionDrift: boolean;
  readonly authBypass: boolean;
  readonly echoToken: boolean;
  readonly echoTokenEverywhere: boolean;
  readonly loginAnyPassword: boolean;
  readonly earlyClose1000: boolean;
  readonly wrongUserAnswer: boolean;
  readonly wsNoUpgrade: boolean;
  readonly serveOtherIdentity: boolean;
  readonly unpairedToolCall: boolean;
  readonly dropThreadId: boolean;
  readonly idleDropMs?: number;
  readonly ignorePong: boolean;
  readonly fanoutMissing: boolean;
  readonly leakMarker: boolean;
  readonly crashOnOversize: boolean;
  readonly hangOnMalformed: boolean;
  readonly foreignThread: boolean;
  readonly hugeFrameBytes?: number;
  readonly endlessThinkingMs?: number;
  readonly silent101: boolean;
  readonly loginMalformedJson: boolean;
  readonly uiNotConnected: boolean;
  readonly uiPageError: boolean;
  readonly uiAsset500: boolean;
  readonly refreshRefusedToken: boolean;
  readonly reconnectRefusedMs?: number;
}

const MAX_MS = 600_000;
const EVENT_TYPE = /^[a-z][a-z0-9_]{0,63}$/;

function isFaultName(name: string): name is FaultName {
  return Object.hasOwn(FAULT_DEFINITIONS, name);
}

function parseParam(name: FaultName, raw: string | undefined): number | string | undefined {
  const def: FaultDefinition = FAULT_DEFINITIONS[name];
  if (raw === undefined || raw === '') {
    if (def.param === 'none') return undefined;
    if (def.defaultParam === undefined)
      throw new FaultSpecError(`fault "${name}" needs a parameter (${def.param})`);
    return def.defaultParam;
  }
  const bad = (expected: string): FaultSpecError =>
    new FaultSpecError(`fault "${name}" has parameter "${raw}", expected ${expected}`);
  switch (def.param) {
    case 'none':
      throw bad('no parameter');
    case 'event-type':
      if (!EVENT_TYPE.test(raw)) throw bad('an event type such as tool_completed');
      return raw;
    case 'probability': {
      const p = Number(raw);
      if (!/^\d*\.?\d+$/.test(raw) || p < 0 || p > 1) throw bad('a probability between 0 and 1');
      return p;
    }
    case 'status': {
      const s = Number(raw);
      if (!/^\d{3}$/.test(raw) || s < 500 || s > 599) throw bad('an HTTP status 500-599');
      return s;
    }
    case 'ms':
    case 'count': {
      const n = Number(raw);
      const max = def.param === 'ms' ? MAX_MS : 1_000_000;
      if (!/^\d+$/.test(raw) || n > max || (def.param === 'count' && n < 1)) {
        throw bad(def.param === 'ms' ? `milliseconds 0-${MAX_MS}` : 'a whole number >= 1');
      }
      return n;
    }
  }
}

/** Parses a spec; throws FaultSpecError (one line, naming the bad entry) on unknown names or bad params. */
export function parseFaultSpec(spec: string): FaultSet {
  const entries: FaultEntry[] = [];
  for (const part of spec.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const colon = item.indexOf(':');
    const name = colon === -1 ? item : item.slice(0, colon);
    const raw = colon === -1 ? undefined : item.slice(colon + 1).trim();
    if (!isFaultName(name)) {
      throw new FaultSpecError(
        `unknown fault "${name}" (known: ${Object.keys(FAULT_DEFINITIONS).join(', ')})`,
      );
    }
    const param = parseParam(name, raw);
    entries.push(param === undefined ? { name } : { name, param });
  }
  return toFaultSet(entries);
}

function toFaultSet(entries: FaultEntry[]): FaultSet {
  const num = (name: FaultName): number | undefined => {
    const hit = entries.findLast((e) => e.name === name);
    return typeof hit?.param === 'number' ? hit.param : undefined;
  };
  const on = (name: FaultName): boolean => entries.some((e) => e.name === name);
  return {
    entries,
    authSlowMs: num('auth-slow'),
    authDownStatus: num('auth-down'),
    wsRace1011Probability: num('ws-race-1011'),
    stripAuthHeader: on('strip-auth-header'),
    stripSubprotocol: on('strip-subprotocol'),
    frontendProtocolMismatch: on('frontend-protocol-mismatch'),
    readyDependencyTimeoutMs: num('ready-dependency-timeout'),
    coldStart5xxCount: num('cold-start-5xx'),
    dbSlowMs: num('db-slow'),
    dropEvents: new Set(entries.filter((e) => e.name === 'drop-event').map((e) => String(e.param))),
    reorderEvents: on('reorder-events'),
    streamNeverCompletes: on('stream-never-completes'),
    crossUserLeak: on('cross-user-leak'),
    capacityCliff: num('capacity-cliff'),
    versionDrift: on('version-drift'),
    authBypass: on('auth-bypass'),
    echoToken: on('echo-token'),
    echoTokenEverywhere: on('echo-token-everywhere'),
    loginAnyPassword: on('login-any-password'),
    earlyClose1000: on('early-close-1000'),
    wrongUserAnswer: on('wrong-user-answer'),
    wsNoUpgrade: on('ws-no-upgrade'),
    serveOtherIdentity: on('serve-other-identity'),
    unpairedToolCall: on('unpaired-tool-call'),
    dropThreadId: on('drop-thread-id'),
    idleDropMs: num('idle-drop'),
    ignorePong: on('ignore-pong'),
    fanoutMissing: on('fanout-missing'),
    leakMarker: on('leak-marker'),
    crashOnOversize: on('crash-on-oversize'),
    hangOnMalformed: on('hang-on-malformed'),
    foreignThread: on('foreign-thread'),
    hugeFrameBytes: num('huge-frame'),
    endlessThinkingMs: num('endless-thinking'),
    silent101: on('silent-101'),
    loginMalformedJson: on('login-malformed-json'),
    uiNotConnected: on('ui-not-connected'),
    uiPageError: on('ui-page-error'),
    uiAsset500: on('ui-asset-500'),
    refreshRefusedToken: on('refresh-refused-token'),
    reconnectRefusedMs: num('reconnect-refused'),
  };
}

/** The canonical text of a fault set (defaults made explicit), as the admin endpoint reports it. */
export function formatFaultSpec(set: FaultSet): string {
  return set.entries.map((e) => (e.param === undefined ? e.name : `${e.name}:${e.param}`)).join(',');
}
