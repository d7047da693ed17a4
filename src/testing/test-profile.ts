// For unit tests: a dialect of its own ("relay"), so tests spell its names freely; the rest is the default profile.
import {
  defineProfile,
  type Profile,
  type ProfileDefinition,
  type TokenStrategy,
} from '../../profiles/define.ts';
import { BUILT_IN_PROFILES } from '../../profiles/index.ts';
import { loadConfig, type Config } from '../config/index.ts';

const base = BUILT_IN_PROFILES.default as Profile;

export const RELAY: Profile = defineProfile({
  ...base,
  name: 'relay',
  description: 'A test dialect: its own paths, header, frames and fields.',
  auth: {
    ...base.auth,
    strategies: [
      {
        kind: 'login',
        path: '/v2/session',
        body: { user: '{{email}}', pass: '{{password}}' },
        tokenPath: ['jwt'],
      },
    ],
    me: { path: '/v2/whoami', userIdPath: ['uid'], emailPath: ['mail'] },
  },
  ws: {
    ...base.ws,
    path: '/relay',
    carriers: [{ kind: 'header', name: 'X-Relay-Key', value: 'Key {{token}}' }],
    echo: { rule: 'none' },
    ready: {
      match: { op: 'hello' },
      connectionIdPath: ['conn.id'],
      userIdPath: ['conn.user'],
      userIdMatch: 'exact',
    },
    keepAlive: { ignoreTypes: ['beat'], clientPing: { op: 'ping' }, pongType: 'pong' },
    closes: [],
  },
  send: {
    first: { op: 'ask', text: '{{text}}', conversation: '{{thread_id?}}' },
    followUp: { op: 'ask', text: '{{text}}', conversation: '{{thread_id?}}' },
  },
  events: {
    ...base.events,
    typePath: ['op'],
    aliases: {
      started: ['begin'],
      thinking: ['ponder'],
      toolExecuting: ['toolrun'],
      toolCompleted: ['tooldone'],
      completed: ['finish'],
    },
    failureTypes: ['fail'],
    streamTypes: [],
    otherTypes: [],
    fields: {
      runId: ['run'],
      threadId: ['conversation'],
      userId: ['user'],
      eventId: ['seq'],
      timestamp: ['at'],
      toolName: ['tool'],
      results: ['out'],
      answer: ['answer'],
      duration: ['took'],
      chunkText: ['chunk'],
      agentName: ['agent'],
    },
  },
});

/** The relay dialect with some parts changed. */
export function relay(patch: (p: ProfileDefinition) => ProfileDefinition): Profile {
  return patch({ ...RELAY });
}

/** The relay dialect acquiring its tokens by these strategies instead of its login. */
export function relayWithStrategies(...strategies: TokenStrategy[]): Profile {
  return relay((p) => ({ ...p, auth: { ...p.auth, strategies } }));
}

/** The relay dialect registering each user before its first login. */
export const WITH_REGISTER = relay((p) => ({
  ...p,
  auth: { ...p.auth, register: { path: '/v2/signup', body: { user: '{{email}}', pass: '{{password}}' } } },
}));

/**
 * The relay dialect with an acquireToken hook: it records its context's user and URLs in `seen`, then exchanges
 * the email at POST /v2/exchange (header x-who: unit) for the answer's `minted` token.
 */
export function withExchangeHook(seen: unknown[]): Profile {
  return relay((p) => ({
    ...p,
    hooks: {
      acquireToken: async (ctx) => {
        seen.push({ email: ctx.email, password: ctx.password, urls: ctx.urls });
        const res = await ctx.request('POST', `${ctx.urls.auth}/v2/exchange`, {
          headers: { 'x-who': 'unit' },
          body: { who: ctx.email },
        });
        return res.status === 200 ? String((res.json as { minted: string }).minted) : undefined;
      },
    },
  }));
}

/** An http strategy with a declared setting (BYPASS_KEY) in a header and the body, for the declared-settings tests. */
export const BYPASS: Extract<TokenStrategy, { kind: 'http' }> = {
  kind: 'http',
  method: 'POST',
  path: '/v2/bypass',
  headers: { 'X-Bypass': '{{bypass_key}}' },
  body: { user: '{{email}}', key: '{{BYPASS_KEY}}' },
  tokenPath: ['jwt'],
  secretSettings: ['BYPASS_KEY'],
};
export const WITH_BYPASS = relayWithStrategies(BYPASS);

/** A local Config (seeded users, short timeouts) pointed at a scripted target, speaking `profile`. */
export async function configFor(url: string, profile: Profile = RELAY): Promise<Config> {
  const config = await loadConfig({ environment: 'local', env: {}, localBaseUrl: url });
  const ws = new URL(profile.ws.path, url.replace(/^http/, 'ws')).toString();
  return {
    ...config,
    profile,
    urls: { ...config.urls, ws },
    timeouts: { ...config.timeouts, connectMs: 2000, requestMs: 2000, agentMs: 2000 },
  };
}
