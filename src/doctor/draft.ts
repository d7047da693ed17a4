// `doctor --draft`: probes the conventions products commonly follow (health and readiness paths, login paths and
// bodies, where the token comes back, socket paths, token carriers, subprotocol echo, the first frame's shape) and
// writes a starting profile: the default profile with what the probes found. Bounded like the doctor.
import { performance } from 'node:perf_hooks';
import type { Profile } from '../../profiles/define.ts';
import type { Config } from '../config/index.ts';
import { profileSchema } from '../config/profile-schema.ts';
import { describeIssues } from '../config/profile-issues.ts';
import { HttpClient, type HttpResult } from '../clients/http.ts';
import { WsConnection } from '../clients/ws-connection.ts';
import { FrameReader } from '../protocol/frames.ts';
import { registerSecret } from '../protocol/redaction.ts';
import { DOCTOR_BUDGET_MS } from './doctor.ts';
import { cookieNames, firstPath, kindOf, TOKEN_PATHS, valueAt } from './suggest.ts';

const HEALTH = ['/health', '/healthz', '/livez', '/api/health', '/status'];
const READY = ['/health/ready', '/readyz', '/ready', '/api/ready'];
const LOGIN = [
  '/auth/login',
  '/api/login',
  '/login',
  '/api/session',
  '/api/auth/login',
  '/session',
  '/auth/token',
];
const WS = ['/ws', '/socket', '/websocket', '/api/ws', '/live/{userId}'];
const USER_IDS = ['user.id', 'user_id', 'userId', 'id', 'data.user.id'];
const STATUS_KEYS = ['status', 'ready', 'alive', 'state', 'ok'];
const PROBE_MS = 1500;

export interface Draft {
  /** The profile file's text. */
  source: string;
  /** What each probe found (or did not), one line each. */
  notes: string[];
  /** A login and a socket were found: the draft is more than the default profile. */
  found: boolean;
}

export async function draftProfile(config: Config): Promise<Draft> {
  const started = performance.now();
  const spent = () => performance.now() - started > DOCTOR_BUDGET_MS;
  const http = new HttpClient();
  const notes: string[] = [];
  const get = async (
    url: string,
    init: { method?: 'GET' | 'POST'; body?: unknown } = {},
  ): Promise<HttpResult | undefined> => {
    if (spent()) return undefined;
    return http.call(url, { ...init, timeoutMs: PROBE_MS, what: 'draft probe' }).catch(() => undefined);
  };
  const firstOk = async (base: string, paths: readonly string[]) => {
    for (const path of paths) {
      const res = await get(base + path);
      if (res && res.status >= 200 && res.status < 300) return { path, res };
    }
    return undefined;
  };
  const status = (json: unknown) => {
    const key = json && typeof json === 'object' ? STATUS_KEYS.find((k) => k in json) : undefined;
    return key ? { key, value: String((json as Record<string, unknown>)[key]) } : undefined;
  };

  const base: { -readonly [K in keyof Profile]: Profile[K] } = { ...config.profile };
  const { urls } = config;

  const live = await firstOk(urls.api, HEALTH);
  if (live) {
    const s = status(live.res.json);
    const found = {
      path: live.path,
      ...(s
        ? { statusPath: [s.key], healthyValues: [s.value] }
        : { healthyValues: [live.res.text.trim().slice(0, 20)] }),
    };
    base.health = {
      ...base.health,
      api: { ...base.health.api, live: found },
      auth: { ...base.health.auth, live: found },
    };
    notes.push(`health: GET ${live.path} → ${live.res.status}${s ? ` (${s.key}=${s.value})` : ''}`);
  } else notes.push(`health: none of ${HEALTH.join(', ')} answered 2xx`);
  const ready = await firstOk(urls.api, READY);
  if (ready) {
    const s = status(ready.res.json);
    base.health = {
      ...base.health,
      api: {
        ...base.health.api,
        ready: { path: ready.path, statusPath: [s?.key ?? 'status'], readyValues: [s?.value ?? 'ok'] },
      },
    };
    notes.push(`readiness: GET ${ready.path} → ${ready.res.status}${s ? ` (${s.key}=${s.value})` : ''}`);
  } else notes.push(`readiness: none of ${READY.join(', ')} answered 2xx`);
  if (!(await firstOk(urls.api, ['/health/infrastructure']))) {
    const { infrastructure: _none, ...api } = base.health.api;
    void _none;
    base.health = { ...base.health, api };
    notes.push('infrastructure: no /health/infrastructure (infraStatus and databaseStatus become n/a)');
  }

  const user = config.users[0];
  let token: string | undefined;
  let userId: string | undefined;
  let cookie: string | undefined;
  if (user.email && user.password) {
    const password = user.password.reveal();
    const bodies = [
      { email: '{{email}}', password: '{{password}}' },
      { username: '{{username}}', password: '{{password}}' },
    ];
    search: for (const path of LOGIN)
      for (const body of bodies) {
        const res = await get(urls.auth + path, {
          method: 'POST',
          body: {
            ...('email' in body ? { email: user.email } : { username: user.email.split('@')[0] }),
            password,
          },
        });
        if (!res || res.status < 200 || res.status >= 300) continue;
        const at = firstPath(res.json, TOKEN_PATHS);
        cookie = at ? undefined : cookieNames(res.headers['set-cookie'])[0];
        if (!at && !cookie) continue;
        token = at ? String(valueAt(res.json, at)) : undefined;
        registerSecret(token);
        const idPath = firstPath(res.json, USER_IDS);
        userId = idPath ? String(valueAt(res.json, idPath)) : undefined;
        base.auth = {
          ...base.auth,
          strategies: [
            {
              kind: 'login',
              path,
              body,
              tokenPath: [at ?? 'token'],
              ...(idPath ? { userIdPath: [idPath] } : {}),
            },
            { kind: 'static' },
          ],
        };
        notes.push(
          `login: POST ${path} with ${Object.keys(body).join(' + ')} → ${res.status}, token ${at ? `at ${at}` : `in Set-Cookie ${cookie} (set the token's carrier to that cookie: docs/profile.md, auth)`}`,
        );
        break search;
      }
    if (token === undefined && cookie === undefined)
      notes.push(`login: none of ${LOGIN.join(', ')} gave a token`);
  } else notes.push('login: no TEST_USER_EMAIL/TEST_USER_PASSWORD to try');

  if (token !== undefined) {
    const carriers = [
      { kind: 'subprotocol' as const, entries: ['jwt-auth', 'jwt.{{token_b64url}}'] },
      { kind: 'header' as const, name: 'Authorization', value: 'Bearer {{token}}' },
    ];
    for (const path of WS) {
      if (spent()) break;
      const url = new URL(urls.ws);
      url.pathname = path.replace('{userId}', encodeURIComponent(userId ?? ''));
      const c = await WsConnection.attempt({
        url: url.toString(),
        token,
        carriers,
        reader: new FrameReader(config.profile),
        connectTimeoutMs: PROBE_MS,
      });
      if (c.outcome?.kind !== 'open') continue;
      await c.until(PROBE_MS, () => c.frames.length > 0 || c.closeInfo !== undefined);
      const first = kindOf(c.frames[0]?.data);
      const echoed = c.selectedProtocol;
      base.ws = {
        ...base.ws,
        path,
        echo: echoed ? { rule: 'exact', value: echoed } : { rule: 'none' },
        ...(first ? { ready: { ...base.ws.ready, match: { [first.key]: first.value } } } : {}),
      };
      if (!echoed) base.capabilities = { ...base.capabilities, subprotocolAuth: false };
      if (first) base.events = { ...base.events, typePath: [first.key] };
      notes.push(
        `socket: ${path} opened with subprotocol + header, echo "${echoed || 'none'}", first frame ${first ? `${first.key}=${first.value}` : 'not seen'}${c.closeInfo ? `, then close ${c.closeInfo.code}` : ''}`,
      );
      await c.close(1000);
      break;
    }
    if (base.ws.path === config.profile.ws.path && !notes.some((n) => n.startsWith('socket:')))
      notes.push(`socket: none of ${WS.join(', ')} opened with a subprotocol or Authorization header`);
  }

  base.name = 'draft';
  base.description = `Drafted by npm run doctor -- --draft against ${urls.api}; check it with doctor.`;
  const parsed = profileSchema.safeParse(base, { reportInput: true });
  if (!parsed.success) notes.push(...describeIssues(parsed.error.issues).map((l) => `to fix: ${l}`));
  return {
    source: `// A starting profile written by \`npm run doctor -- --draft\`: the default profile with what the probes found.\n// Edit it (docs/profile.md), then check it: npm run doctor -- --env <environment> --profile <this file>\nexport default ${JSON.stringify(base, null, 2)};\n`,
    notes,
    found: token !== undefined || cookie !== undefined,
  };
}
