// The header-forwarding check (F4): a token, then one WebSocket per auth carrier alone, then the HTTP "me" call.
import type { Config, TestUser } from '../config/index.ts';
import { redact } from '../config/secret.ts';
import { AuthClient } from '../clients/auth-client.ts';
import { ClientError } from '../clients/errors.ts';
import { titleOf } from '../diagnosis/catalogue.ts';
import type { HttpClient } from '../clients/http.ts';
import { WsConnection } from '../clients/ws-connection.ts';
import { FrameReader } from '../protocol/frames.ts';
import { readId } from '../protocol/json-path.ts';
import { renderString } from '../protocol/template.ts';
import {
  carrierLabel,
  distinctCarriers,
  forwardingProblems,
  identityMixUp,
  showsStripped,
  type CarrierAttempt,
  type HttpAuthAttempt,
} from './header-forwarding.ts';
import { formatDuration } from '../format/duration.ts';
import { cause, type VerdictParts } from './verdict.ts';

const CHECK = 'infra.header-forwarding';
const DIAGNOSIS = cause('headers stripped between client and backend', 'F4');
const NO_CARRIER = cause('no accepted credential carrier', 'F32');
const MIX_UP = cause('the authenticated call answered for another user', 'F10');

/** `http` is the health client's, so these calls are part of its evidence and of the 5xx count. */
export async function checkHeaderForwarding(
  config: Config,
  http: HttpClient,
  user: TestUser,
): Promise<VerdictParts> {
  const wsUrl = redact(config.urls.ws);
  let token: string;
  let userId: string | undefined;
  try {
    ({ token, userId } = await new AuthClient(config, http).acquireToken(user));
  } catch (error) {
    if (!(error instanceof ClientError)) throw error;
    // Without a token nothing was forwarded: the cause is whatever stopped the login, not a stripped header.
    // The login's own finding names who failed it (the auth service, a proxy's 502, a redirect, …).
    const made = error.finding?.class;
    const diagnosis =
      made && made !== 'unclassified'
        ? cause(titleOf(made), made)
        : error.code === 'TARGET_UNREACHABLE'
          ? cause('target unreachable', 'F13')
          : 'no token';
    return {
      check: CHECK,
      diagnosis,
      summary: '',
      problems: [`no token for ${user.label}, so nothing could be forwarded: ${firstLine(error.message)}`],
      notApplicable: [],
      evidence: {},
    };
  }
  const reader = new FrameReader(config.profile);
  const carriers = distinctCarriers(config.profile.ws.carriers);
  const ws: CarrierAttempt[] = [];
  for (const carrier of carriers) {
    const label = carrierLabel(carrier);
    // Registered as soon as it exists, so a connection that fails after opening is still closed.
    let opened: WsConnection | undefined;
    try {
      const options = {
        url: config.urls.ws,
        token,
        carriers: [carrier],
        reader,
        connectTimeoutMs: config.timeouts.connectMs,
        identity: { userId },
      };
      const connection = await WsConnection.open(options, (c) => (opened = c));
      ws.push({
        carrier: label,
        accepted: true,
        detail: `ready frame after ${formatDuration(connection.readyMs ?? Number.NaN)}`,
      });
    } catch (error) {
      if (!(error instanceof ClientError)) throw error;
      ws.push({ carrier: label, accepted: false, detail: firstLine(error.message) });
    } finally {
      await opened?.close(1000);
    }
  }
  const notApplicable: string[] = [];
  if (carriers.length < 2) {
    notApplicable.push(
      `header forwarding: the profile lists only the ${carriers.map(carrierLabel).join('')} as a WebSocket auth carrier, so no other carrier is compared with it`,
    );
  }
  const httpAttempts: HttpAuthAttempt[] = [];
  const mixUps: string[] = [];
  const header = carriers.find((c) => c.kind === 'header');
  const me = config.profile.auth.me;
  if (header && header.kind === 'header') {
    const url = config.urls.auth + me.path;
    const label = carrierLabel(header);
    try {
      const res = await http.call(url, {
        headers: { [header.name]: renderString(header.value, { token }) },
        timeoutMs: config.timeouts.requestMs,
        what: 'authenticated call (me)',
      });
      const id = res.status >= 200 && res.status < 300 ? readId(res.json, me.userIdPath) : undefined;
      const email = id !== undefined && me.emailPath ? readId(res.json, me.emailPath) : undefined;
      httpAttempts.push({
        carrier: label,
        url,
        accepted: id !== undefined,
        detail:
          id !== undefined
            ? `answered ${res.status}${email !== undefined ? ` for ${email}` : ''}`
            : `answered ${res.status} (expected 2xx with a user id at ${me.userIdPath.join(' | ')})`,
      });
      const mixUp = identityMixUp(url, user.label, user.email, email);
      if (mixUp) mixUps.push(mixUp);
    } catch (error) {
      if (!(error instanceof ClientError)) throw error;
      httpAttempts.push({
        carrier: label,
        url,
        accepted: false,
        detail: `failed: ${firstLine(error.message)}`,
      });
    }
  } else {
    notApplicable.push(
      'header forwarding over HTTP: the profile lists no header carrier, so the authenticated call is not checked',
    );
  }
  const summary = [
    ...ws.map((a) => `${a.carrier} alone at ${wsUrl}: ${a.detail}`),
    ...httpAttempts.map((a) => `${a.carrier} alone at ${a.url}: ${a.detail}`),
  ].join('; ');
  const forwarding = forwardingProblems(wsUrl, ws, httpAttempts);
  return {
    check: CHECK,
    // The header arrived, but the identity behind it is another user's: not a forwarding fault.
    // Stripped (F4) only when one carrier got the token through and another did not; all refused is F32.
    diagnosis:
      forwarding.length === 0 && mixUps.length > 0
        ? MIX_UP
        : forwarding.length > 0 && !showsStripped(ws, httpAttempts)
          ? NO_CARRIER
          : DIAGNOSIS,
    summary,
    problems: [...mixUps, ...forwarding],
    notApplicable,
    evidence: { ws, http: httpAttempts },
  };
}

/** A client error's own line; the diagnosis layer may append a "Likely cause" line this check words itself. */
function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
