// What a proxy, load balancer or network in between did, named from the answer itself: status, type, Location, bytes.
import type { FailureClass } from './catalogue.ts';
import type { Evidence, HttpFact, NetworkKind, UpgradeFact } from './evidence.ts';
import { finding, type Finding } from './finding.ts';

/** What a proxy answers when its upstream is down (502) or slower than its timeout (504). */
const UPSTREAM = new Set([502, 504]);
/** What an upgrade gets from a server that never saw it as one: a plain HTTP answer to a GET. */
const NOT_UPGRADED = new Set([400, 404, 426]);
const HEAD_MAX = 48;

/** A status a proxy gives for its upstream (502 down, 504 timing out): never the named service's own answer. */
export function isUpstreamStatus(status: number | undefined): boolean {
  return status !== undefined && UPSTREAM.has(status);
}

const NETWORK: Record<Exclude<NetworkKind, 'other'>, { cls: FailureClass; phrase: string }> = {
  refused: { cls: 'F13', phrase: 'connection refused' },
  dns: { cls: 'F13', phrase: 'DNS lookup failed' },
  'connect-timeout': { cls: 'F13', phrase: 'connect timed out' },
  tls: { cls: 'F21', phrase: 'TLS handshake failed' },
  reset: { cls: 'F21', phrase: 'connection reset' },
};

/** The first intermediary behaviour in the evidence (HTTP exchanges in order, then upgrades), if any. */
export function diagnoseIntermediary(e: Evidence): Finding | undefined {
  for (const h of e.http ?? []) {
    const f = httpFinding(h);
    if (f) return f;
  }
  for (const u of e.upgrades ?? []) {
    // A refusal provoked with a bad token is the target's answer to that token, not an intermediary's.
    if (u.tokenBad) continue;
    const f = upgradeFinding(u);
    if (f) return f;
  }
  return undefined;
}

function httpFinding(h: HttpFact): Finding | undefined {
  const call = `${h.what ? `${h.what}: ` : ''}${h.method ?? 'GET'} ${h.url}`;
  if (h.network) return networkFinding(h.network, call);
  const status = h.status;
  if (status === undefined) return undefined;
  const answered = `${call} answered ${status}${body(h)}`;
  if (UPSTREAM.has(status))
    return finding(
      'F18',
      `upstream.${status}`,
      `${answered}: the service behind the proxy is down or timing out`,
    );
  if (status >= 300 && status < 400)
    return redirect(`http.redirect.${status}`, call, status, h.url, h.location);
  if (h.expectJson && status < 500 && isHtml(h))
    return finding('F19', 'http.html', `${answered}: an HTML page where JSON was expected`);
  return undefined;
}

function upgradeFinding(u: UpgradeFact): Finding | undefined {
  const call = `WebSocket upgrade to ${u.url ?? 'the WebSocket URL'}`;
  if (u.outcome === 'network-error' && u.network) return networkFinding(u.network, call);
  if (u.outcome !== 'rejected' || u.status === undefined) return undefined;
  const status = u.status;
  const answered = `${call} answered ${status}${body(u)}`;
  if (UPSTREAM.has(status))
    return finding(
      'F18',
      `ws.upgrade.${status}`,
      `${answered}: the service behind the proxy is down or timing out`,
    );
  if (status >= 300 && status < 400)
    return redirect(`ws.upgrade.redirect.${status}`, call, status, u.url, u.location);
  if (NOT_UPGRADED.has(status) || (status >= 200 && status < 300))
    return finding(
      'F17',
      `ws.upgrade.not-forwarded.${status}`,
      `${answered} instead of 101: the upgrade did not reach the WebSocket server`,
    );
  return undefined;
}

function networkFinding(kind: NetworkKind, call: string): Finding | undefined {
  if (kind === 'other') return undefined;
  const { cls, phrase } = NETWORK[kind];
  return finding(cls, `net.${kind}`, `${call}: ${phrase}`);
}

function redirect(
  code: string,
  call: string,
  status: number,
  from: string | undefined,
  location: string | undefined,
): Finding {
  const where = location ? `Location ${location}${elsewhere(from, location)}` : 'no Location';
  return finding('F20', code, `${call} answered ${status} → ${where}`);
}

/** " (another host)" when the Location leaves the host the request went to. */
function elsewhere(from: string | undefined, location: string): string {
  if (!from) return '';
  try {
    const a = new URL(from);
    const b = new URL(location, a);
    return a.host === b.host ? '' : ' (another host)';
  } catch {
    return '';
  }
}

function isHtml(x: { contentType?: string; bodyHead?: string }): boolean {
  return /html/i.test(x.contentType ?? '') || /^\s*</.test(x.bodyHead ?? '');
}

/** ` (text/html: "<html><head><title>502 Bad…")`: the type and the first bytes, on one line. */
function body(x: { contentType?: string; bodyHead?: string }): string {
  const type = x.contentType?.split(';')[0]?.trim();
  const head = (x.bodyHead ?? '').replace(/\s+/g, ' ').trim();
  if (!type && !head) return '';
  const clipped = head.length > HEAD_MAX ? `${head.slice(0, HEAD_MAX)}…` : head;
  return ` (${[type, clipped ? JSON.stringify(clipped) : ''].filter(Boolean).join(': ')})`;
}
