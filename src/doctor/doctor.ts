// `doctor`: each part of the profile tried alone against a live target, through the harness's own clients — what
// the profile expects, what the target did (redacted), and the profile change that would fit when one is evident.
import { performance } from 'node:perf_hooks';
import type { Config } from '../config/index.ts';
import { authHeaders, judgeEcho } from '../clients/carriers.ts';
import { GoldenPathClient, type ChatSession } from '../clients/golden-path-client.ts';
import { HealthClient } from '../clients/health-client.ts';
import { pingPong } from '../clients/keep-alive.ts';
import { preview, type WsConnection } from '../clients/ws-connection.ts';
import { adapterFor } from '../protocol/adapter.ts';
import { readId } from '../protocol/json-path.ts';
import { redactText } from '../protocol/redaction.ts';
import { keepAliveExpects, readableUrl, tokenSource } from './expects.ts';
import { answerFix, keepAliveFix, loginFix, meFix, readyFix, upgradeFix } from './suggest.ts';

/** `n/a`: the profile declares the product has no such part (a client that never pings): neither OK nor a failure. */
export type PartStatus = 'ok' | 'failed' | 'not tried' | 'n/a';

export interface PartReport {
  part: string;
  expects: string;
  /** What the target did: status, first bytes, close code, first frames — redacted. */
  saw: string;
  status: PartStatus;
  /** The profile change that would fit, when one is evident. */
  fix?: string;
}

/** The whole doctor run is bounded: a silent or unreachable target costs at most this. */
export const DOCTOR_BUDGET_MS = 25_000;
/** Bounds of one step, well inside the budget (the profile's own timeouts may be minutes). */
export const DOCTOR_TIMEOUTS = { requestMs: 4000, connectMs: 4000, agentMs: 12_000, pongMs: 3000 } as const;

const BYTES = 120;
const clip = (text: string): string => {
  const t = redactText(text.replace(/\s+/g, ' ').trim());
  return t.length > BYTES ? `${t.slice(0, BYTES)}…` : t;
};
const errorText = (e: unknown): string =>
  clip(e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e));

class Deadline extends Error {}

/** `promise`, or a Deadline error once `ms` have passed (the promise is left to its own bound). */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Deadline(`${what}: no answer within ${Math.round(ms)} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The config with the doctor's own short bounds. */
export function doctorConfig(config: Config): Config {
  return {
    ...config,
    timeouts: {
      ...config.timeouts,
      requestMs: Math.min(config.timeouts.requestMs, DOCTOR_TIMEOUTS.requestMs),
      connectMs: Math.min(config.timeouts.connectMs, DOCTOR_TIMEOUTS.connectMs),
      agentMs: Math.min(config.timeouts.agentMs, DOCTOR_TIMEOUTS.agentMs),
    },
  };
}

const frameLines = (c: WsConnection | undefined, n = 3): string =>
  c && c.frames.length > 0
    ? c.frames
        .slice(0, n)
        .map((f) => clip(preview(f.data, 80)))
        .join(' | ')
    : 'no frame';

export async function runDoctor(base: Config): Promise<PartReport[]> {
  const config = doctorConfig(base);
  const { profile, urls } = config;
  const started = performance.now();
  const left = () => Math.max(500, DOCTOR_BUDGET_MS - (performance.now() - started));
  const client = new GoldenPathClient(config);
  const reports: PartReport[] = [];
  const report = (r: PartReport) => {
    reports.push(r);
    return r;
  };
  const skip = (part: string, expects: string, why: string) =>
    report({ part, expects, saw: `not tried: ${why}`, status: 'not tried' });
  const lastExchange = () => client.http.exchanges.at(-1);

  try {
    // health
    const live = profile.health.api.live;
    const healthExpects = `GET ${urls.api}${live.path} → ${live.statusPath ? `${live.statusPath.join(' | ')} in ` : ''}${live.healthyValues.join(', ')}`;
    try {
      const health = new HealthClient(config);
      const v = await within(health.liveness(), Math.min(left(), 3 * DOCTOR_TIMEOUTS.requestMs), 'health');
      const x = health.http.exchanges[0];
      report({
        part: 'health',
        expects: healthExpects,
        saw: clip(`${x?.status ?? x?.error ?? '?'} ${x?.responseBody ?? ''}${v.ok ? '' : ` — ${v.message}`}`),
        status: v.ok ? 'ok' : 'failed',
      });
    } catch (e) {
      report({ part: 'health', expects: healthExpects, saw: errorText(e), status: 'failed' });
    }

    // login
    const user = config.users[0];
    const login = profile.auth.strategies.find((s) => s.kind === 'login');
    const loginExpects = login
      ? `POST ${urls.auth}${login.path} → token ${tokenSource(login)}`
      : `a token by ${profile.auth.strategies.map((s) => s.kind).join(', ')}`;
    let token: string | undefined;
    let userId: string | undefined;
    try {
      const grant = await within(client.auth.acquireToken(user), left(), 'login');
      token = grant.token;
      userId = grant.userId;
      const x = lastExchange();
      report({
        part: 'login',
        expects: loginExpects,
        saw: clip(
          `${grant.strategy}${grant.status ? ` ${grant.status}` : ''}${x ? ` ${x.responseBody ?? ''}` : ''}`,
        ),
        status: 'ok',
      });
    } catch (e) {
      const x = lastExchange();
      let fix: string | undefined;
      const request = login && user.password ? loginRequestOf(config, client, user) : undefined;
      if (login && request && x?.status !== undefined) {
        // Asked once more, for what the answer's headers say (a Set-Cookie), which the token strategy never reads.
        const again = await within(
          client.http.call(urls.auth + request.path, {
            method: 'POST',
            body: request.body,
            timeoutMs: DOCTOR_TIMEOUTS.requestMs,
            what: 'login (doctor)',
          }),
          left(),
          'login',
        ).catch(() => undefined);
        fix = loginFix(again?.status, again?.json, again?.headers['set-cookie'], login.path);
      }
      report({
        part: 'login',
        expects: loginExpects,
        saw: x?.status !== undefined ? clip(`${x.status} ${x.responseBody ?? ''}`) : errorText(e),
        status: 'failed',
        ...(fix ? { fix } : {}),
      });
    }

    // me
    const me = profile.auth.me;
    const meExpects = `GET ${urls.auth}${me.path} → user id at ${me.userIdPath.join(' | ')}`;
    if (token === undefined) skip('me', meExpects, 'no token');
    else {
      try {
        const res = await within(
          client.http.call(urls.auth + me.path, {
            headers: authHeaders(profile, token),
            timeoutMs: DOCTOR_TIMEOUTS.requestMs,
            what: 'who am I',
          }),
          left(),
          'me',
        );
        const id = res.status < 300 ? readId(res.json, me.userIdPath) : undefined;
        userId ??= id;
        const fix = id === undefined ? meFix(res.status, res.json, me.path) : undefined;
        report({
          part: 'me',
          expects: meExpects,
          saw: clip(`${res.status} ${res.text}`),
          status: id !== undefined ? 'ok' : 'failed',
          ...(fix ? { fix } : {}),
        });
      } catch (e) {
        report({ part: 'me', expects: meExpects, saw: errorText(e), status: 'failed' });
      }
    }

    // WebSocket connect and auth
    const carriers = profile.ws.carriers.filter((c) => c.kind !== 'query');
    const kinds = carriers.map((c) => c.kind);
    const wsExpects = `upgrade ${readableUrl(urls.ws)} with ${kinds.join(' + ')} → 101${profile.ws.echo.rule === 'exact' ? `, subprotocol ${profile.ws.echo.value}` : ''}`;
    let connection: WsConnection | undefined;
    if (token === undefined) skip('ws auth', wsExpects, 'no token');
    else {
      try {
        connection = await within(client.attempt(token, carriers), left(), 'upgrade');
        const o = connection.outcome;
        const echo = judgeEcho(profile.ws.echo, connection.selectedProtocol, o, token);
        const ok = o?.kind === 'open' && echo.ok;
        const saw =
          o?.kind === 'open'
            ? `101, subprotocol "${o.protocol || 'none'}" in ${Math.round(o.upgradeMs)} ms`
            : o?.kind === 'rejected'
              ? `${o.status} ${o.body}`
              : o?.kind === 'network-error'
                ? o.reason
                : `no answer within ${DOCTOR_TIMEOUTS.connectMs} ms`;
        const fix = upgradeFix(o, kinds, profile.ws.echo.rule);
        report({
          part: 'ws auth',
          expects: wsExpects,
          saw: clip(ok || o?.kind !== 'open' ? saw : `${saw} — ${echo.message}`),
          status: ok ? 'ok' : 'failed',
          ...(fix ? { fix } : {}),
        });
      } catch (e) {
        report({ part: 'ws auth', expects: wsExpects, saw: errorText(e), status: 'failed' });
      }
    }

    // welcome frame
    const readyExpects = `first frame ${Object.entries(profile.ws.ready.match)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(', ')}`;
    if (connection?.outcome?.kind !== 'open') skip('welcome frame', readyExpects, 'no open socket');
    else {
      try {
        const ready = await within(
          connection.waitForReady(DOCTOR_TIMEOUTS.connectMs),
          left(),
          'welcome frame',
        );
        report({
          part: 'welcome frame',
          expects: readyExpects,
          saw: clip(preview(ready.data, 100)),
          status: 'ok',
        });
      } catch (e) {
        const close = connection.closeInfo;
        const fix = readyFix(connection.frames[0]?.data);
        report({
          part: 'welcome frame',
          expects: readyExpects,
          saw: clip(
            `${frameLines(connection)}${close ? `; close ${close.code} "${close.reason}"` : ''} — ${errorText(e)}`,
          ),
          status: 'failed',
          ...(fix ? { fix } : {}),
        });
      }
    }

    // one question to the terminal event, then keepalive on the same session
    const askExpects = `"${clip(profile.probe.question)}" → ${profile.events.order.join(' → ')}`;
    const pingExpects = keepAliveExpects(profile.ws.keepAlive);
    let session: ChatSession | undefined;
    if (token === undefined || connection?.readyFrame === undefined) {
      skip('question', askExpects, 'no ready socket');
      skip('keepalive', pingExpects, 'no ready socket');
    } else {
      try {
        session = await within(client.connect(token, { identity: userId }), left(), 'connect');
        const run = await within(
          session.ask(profile.probe.question, { timeoutMs: Math.min(DOCTOR_TIMEOUTS.agentMs, left()) }),
          left(),
          'question',
        );
        const kindsSeen = run.frames.map((f) => f.type ?? f.kind);
        const ok = run.terminal === 'completed';
        const fix = ok
          ? undefined
          : answerFix(
              session.connection.frames.map((f) => f.data),
              profile.events.typePath,
            );
        report({
          part: 'question',
          expects: askExpects,
          saw: clip(
            ok
              ? `completed in ${Math.round(run.completedMs ?? 0)} ms: ${kindsSeen.join(', ')}`
              : `terminal ${run.terminal}; ${frameLines(session.connection, 4)}${run.error ? ` — ${run.error.message}` : ''}`,
          ),
          status: ok ? 'ok' : 'failed',
          ...(fix ? { fix } : {}),
        });
      } catch (e) {
        report({ part: 'question', expects: askExpects, saw: errorText(e), status: 'failed' });
      }
      if (profile.ws.keepAlive.clientPing === undefined)
        report({
          part: 'keepalive',
          expects: pingExpects,
          saw: 'n/a: the client never pings (ws.keepAlive.clientPing is not set)',
          status: 'n/a',
        });
      else if (!session?.connection.isOpen) skip('keepalive', pingExpects, 'no open session');
      else {
        const conn = session.connection;
        try {
          const rtt = await within(
            pingPong(conn, Math.min(DOCTOR_TIMEOUTS.pongMs, left())),
            left(),
            'keepalive',
          );
          report({
            part: 'keepalive',
            expects: pingExpects,
            saw: `answered in ${Math.round(rtt)} ms${profile.ws.keepAlive.autoReply ? SERVER_PINGS_NOT_AWAITED : ''}`,
            status: 'ok',
          });
        } catch (e) {
          const fix = keepAliveFix(conn.frames.map((f) => f.data));
          report({
            part: 'keepalive',
            expects: pingExpects,
            saw: errorText(e),
            status: 'failed',
            ...(fix ? { fix } : {}),
          });
        }
      }
    }
  } finally {
    await client.closeAll();
  }
  return reports;
}

/** A server's ping interval may be minutes: the doctor's bound does not wait for one (the heartbeat suite does). */
const SERVER_PINGS_NOT_AWAITED =
  '; server pings not awaited here (tests/websocket/heartbeat.spec.ts checks them)';

/** Exit code: 0 every part OK (or n/a by the profile), 1 some part failed (or could not be tried). */
export function doctorExit(reports: readonly PartReport[]): 0 | 1 {
  return reports.every((r) => r.status === 'ok' || r.status === 'n/a') ? 0 : 1;
}

/** The profile's login request for the user, or undefined when a value its template needs is not set. */
function loginRequestOf(
  config: Config,
  client: GoldenPathClient,
  user: Config['users'][number],
): { path: string; body: unknown } | undefined {
  try {
    return adapterFor(config.profile).loginRequest(client.auth.identity(user));
  } catch {
    return undefined;
  }
}
