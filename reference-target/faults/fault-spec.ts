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
  };
}

/** The canonical text of a fault set (defaults made explicit), as the admin endpoint reports it. */
export function formatFaultSpec(set: FaultSet): string {
  return set.entries.map((e) => (e.param === undefined ? e.name : `${e.name}:${e.param}`)).join(',');
}
