// What a target's answer says about the profile that would fit it (pure): one sentence per evident change, or none.
import type { UpgradeOutcome } from '../clients/upgrade-outcome.ts';

/** Keys a frame names its kind by, in the order products commonly use them. */
export const KIND_KEYS = ['type', 'op', 'event', 'kind', 'action'] as const;
/** JSON paths where logins commonly put the token. */
export const TOKEN_PATHS = [
  'access_token',
  'accessToken',
  'token',
  'jwt',
  'id_token',
  'data.token',
  'data.access_token',
  'session.token',
] as const;
/** JSON paths where "who am I" answers commonly put the user id. */
export const USER_ID_PATHS = ['id', 'user_id', 'userId', 'user.id', 'sub', 'data.id'] as const;

/** The value at a dotted path. */
export const valueAt = (value: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
      value,
    );

/** The first of `paths` holding a non-empty string or number in `body`. */
export function firstPath(body: unknown, paths: readonly string[]): string | undefined {
  return paths.find((p) => {
    const v = valueAt(body, p);
    return (typeof v === 'string' && v !== '') || typeof v === 'number';
  });
}

/** The names of the cookies a Set-Cookie header set. */
export function cookieNames(setCookie: string | string[] | undefined): string[] {
  const all = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie];
  return all.map((c) => c.split('=')[0]?.trim() ?? '').filter(Boolean);
}

/** `{ op: 'hello' }`: how a frame names its kind, when it does by one of the common keys. */
export function kindOf(frame: unknown): { key: string; value: string } | undefined {
  if (!frame || typeof frame !== 'object') return undefined;
  for (const key of KIND_KEYS) {
    const v = (frame as Record<string, unknown>)[key];
    if (typeof v === 'string') return { key, value: v };
  }
  return undefined;
}

/** A login that answered without a token where the profile looks: where it did put one. */
export function loginFix(
  status: number | undefined,
  body: unknown,
  setCookie: string | string[] | undefined,
  path: string,
): string | undefined {
  if (status === 404 || status === 405)
    return `the target has no POST ${path}: set auth.strategies[].path to its login (npm run doctor -- --draft probes common ones)`;
  if (status === undefined || status >= 300) return undefined;
  const found = firstPath(body, TOKEN_PATHS);
  if (found) return `the token is at ${found}: set auth.strategies[].tokenPath: ['${found}']`;
  const cookie = cookieNames(setCookie)[0];
  if (cookie)
    return `the token came in Set-Cookie ${cookie}: set auth … tokenFrom cookie ${cookie} (docs/profile.md, auth)`;
  return undefined;
}

/** A "who am I" answer without the user id where the profile looks. */
export function meFix(status: number | undefined, body: unknown, path: string): string | undefined {
  if (status === 404) return `the target has no GET ${path}: set auth.me.path`;
  if (status === undefined || status >= 300) return undefined;
  const found = firstPath(body, USER_ID_PATHS);
  return found ? `the user id is at ${found}: set auth.me.userIdPath: ['${found}']` : undefined;
}

/** What an upgrade's outcome says about the socket part of the profile. */
export function upgradeFix(
  outcome: UpgradeOutcome | undefined,
  carriers: readonly string[],
  echoRule: string,
): string | undefined {
  if (!outcome) return undefined;
  if (outcome.kind === 'rejected' && outcome.status === 404)
    return 'the target has no WebSocket at this path: set ws.path (or WS_URL)';
  if (outcome.kind === 'rejected' && (outcome.status === 401 || outcome.status === 403))
    return `the upgrade refused the token in the profile's carriers (${carriers.join(', ')}): the product wants it in another carrier (a cookie, the query, a first message)`;
  if (
    outcome.kind === 'open' &&
    outcome.protocol === '' &&
    echoRule !== 'none' &&
    carriers.includes('subprotocol')
  )
    return "the target echoed no subprotocol: set capabilities.subprotocolAuth=false (and ws.echo: { rule: 'none' })";
  return undefined;
}

/** The first frame is not the profile's ready frame: the match that would fit it. */
export function readyFix(first: unknown): string | undefined {
  const kind = kindOf(first);
  return kind
    ? `the first frame is ${kind.key}=${kind.value}: set ws.ready.match: { ${kind.key}: '${kind.value}' }`
    : undefined;
}

/** A question that reached no terminal event: how the frames that did come name their kind, or wrap their event. */
export function answerFix(frames: readonly unknown[], typePath: readonly string[]): string | undefined {
  const kinds = frames.map(kindOf).filter((k) => k !== undefined);
  const wrapped = frames.find(
    (f) =>
      f !== null &&
      typeof f === 'object' &&
      Object.values(f).some((v) => typeof v === 'string' && /^\s*[[{]/.test(v)),
  );
  if (wrapped) {
    const field = Object.entries(wrapped as Record<string, unknown>).find(
      ([, v]) => typeof v === 'string' && /^\s*[[{]/.test(v),
    )?.[0];
    return `events arrive as JSON text inside the field ${field ?? '?'}: describe that envelope (docs/profile.md, events)`;
  }
  const key = kinds[0]?.key;
  if (key && !typePath.includes(key))
    return `frames name their kind by ${key}: set events.typePath: ['${key}']`;
  if (kinds.length > 0)
    return `the target sent ${[...new Set(kinds.map((k) => k.value))].slice(0, 6).join(', ')}: map them in events.aliases`;
  return undefined;
}

/** No pong to the client's ping: a server that pings on its own wants an answer instead. */
export function keepAliveFix(frames: readonly unknown[]): string | undefined {
  const ping = frames.map(kindOf).find((k) => k !== undefined && /ping|heartbeat/i.test(k.value));
  return ping
    ? `the server sends its own ${ping.key}=${ping.value}: set ws.keepAlive.autoReply: { when: { ${ping.key}: '${ping.value}' }, reply: … }`
    : undefined;
}
