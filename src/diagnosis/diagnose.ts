// Classifies a failure from the structured evidence the clients collect; unknown failures say so, never guess.
import { isClassId, type FailureClass } from './catalogue.ts';
import type { Evidence, UpgradeFact } from './evidence.ts';
import { codeOf, finding, type Finding } from './finding.ts';
import { diagnoseIntermediary } from './intermediaries.ts';
import { formatSeconds } from '../format/duration.ts';

export type { Evidence, HttpFact, NetworkKind, UpgradeFact } from './evidence.ts';

const d = finding;

const SLA_CLASSES: Record<string, Exclude<FailureClass, 'unclassified'>> = {
  'auth.login.latency': 'F1',
  'ws.handshake.latency': 'F1',
  'ws.handshake.success': 'F3',
  'health.ready.latency': 'F6',
  'health.ready.consistency': 'F6',
  'infra.db.connection_time': 'F8',
  'infra.db.pool_utilization': 'F8',
  'ws.no_internal_errors': 'F7',
  'load.concurrent_connections': 'F11',
  'golden_path.success': 'F11',
  'ws.reconnect.latency': 'F3',
  'agent.events.complete': 'F9',
  'agent.events.spread': 'F9',
  'golden_path.e2e': 'F14',
  'agent.first_event.latency': 'F14',
  'agent.stream.first_token': 'F14',
  'agent.stream.max_gap': 'F14',
  'health.latency': 'F7',
  'first_request.latency': 'F7',
};

/** Error codes that name a class on their own, when no wire evidence says more. */
const CODE_CLASSES: Record<string, Exclude<FailureClass, 'unclassified'>> = {
  WS_CONNECT_FAILED: 'F13',
  AUTH_UNAVAILABLE: 'F2',
  WS_SUBPROTOCOL: 'F4',
  WS_CLOSED_BEFORE_READY: 'F3',
  WS_HANDSHAKE_TIMEOUT: 'F14',
  PONG_TIMEOUT: 'F14',
  AGENT_EVENT_TIMEOUT: 'F14',
  WS_READY_TIMEOUT: 'F14',
  HTTP_TIMEOUT: 'F14',
  AGENT_ERROR: 'F9',
  CONFIG_MISSING: 'HARNESS',
  CONFIG_INVALID: 'HARNESS',
  PROFILE_INVALID: 'HARNESS',
  BROWSER_MISSING: 'HARNESS',
  FAULTS_UNAVAILABLE: 'HARNESS',
};

export function diagnose(e: Evidence): Finding {
  const facts: string[] = [];
  // What a proxy or the network did explains whatever failed after it (a 502 on login is upstream, not auth).
  const between = diagnoseIntermediary(e);
  if (between) return between;
  if (e.oversizedFrame) {
    const o = e.oversizedFrame;
    return d(
      'F31',
      'ws.frame.too-large',
      `frame of ${o.bytes === undefined ? `more than ${o.limit}` : o.bytes} bytes exceeded the limit ${o.limit} (ws.maxFrameBytes)`,
    );
  }
  const malformed = (e.http ?? []).find((h) => h.jsonInvalid);
  if (malformed) {
    const type = malformed.contentType?.split(';')[0]?.trim();
    const head = (malformed.bodyHead ?? '').replace(/\s+/g, ' ').slice(0, 60);
    return d(
      'F31',
      'http.json.malformed',
      `${malformed.what ? `${malformed.what}: ` : ''}${malformed.method ?? 'GET'} ${malformed.url} answered ${malformed.status ?? ''} with a body that is not JSON${type ? ` (${type})` : ''}: ${JSON.stringify(head)}`,
    );
  }
  if (e.error?.code === 'TARGET_UNREACHABLE')
    return d('F13', 'target.unreachable', e.error.message.replace(/^TARGET_UNREACHABLE: /, ''), [
      e.error.message,
    ]);
  if (e.error?.code === 'PROFILE_MISMATCH')
    return d('PROFILE', 'profile.mismatch', e.error.message.replace(/^PROFILE_MISMATCH: /, ''), [
      e.error.message,
    ]);

  const auth = (e.http ?? []).filter((h) => h.what === 'login' || h.what === 'token request');
  const authDown = auth.find((h) => (h.status ?? 0) >= 500);
  const otherFiveXx = (e.http ?? []).filter((h) => h.what !== 'login' && (h.status ?? 0) >= 500);
  if (authDown && otherFiveXx.length === 0)
    return d('F2', `auth.status.${authDown.status}`, `login answered ${authDown.status} at ${authDown.url}`, [
      `login ${authDown.status} in ${Math.round(authDown.ms)} ms`,
    ]);
  if (auth.some((h) => h.error === 'timeout')) return d('F1', 'auth.timeout', 'the login request timed out');
  if (e.sla && e.sla.id === 'auth.login.latency')
    return d('F1', 'sla.auth.login.latency', e.sla.message.split('\n')[0] ?? '', [e.sla.message]);

  if (e.health?.readyTimedOut || (e.sla?.id === 'health.ready.latency' && e.health?.notReady)) {
    return d(
      'F6',
      e.health?.readyTimedOut ? 'health.ready.timeout' : 'health.ready.slow',
      `readiness ${e.health?.readyTimedOut ? 'timed out' : 'was slow'}${e.health?.notReady?.length ? `; not ready: ${e.health.notReady.join(', ')}` : ''}`,
    );
  }
  if ((e.health?.fiveXx ?? 0) > 0 || otherFiveXx.length > 0) {
    const n = (e.health?.fiveXx ?? 0) + otherFiveXx.length;
    return d(
      'F7',
      'http.5xx',
      `${n} response(s) with 5xx${otherFiveXx[0] ? `, e.g. ${otherFiveXx[0].status} at ${otherFiveXx[0].url}` : ''}`,
    );
  }
  if (e.health?.dbStatus || e.health?.dbConnectionMs !== undefined) {
    return d(
      'F8',
      'health.database',
      `database ${e.health.dbStatus ?? ''}${e.health.dbConnectionMs !== undefined ? `, connection time ${Math.round(e.health.dbConnectionMs)} ms` : ''}`.trim(),
    );
  }
  if (e.health?.versions)
    return d(
      'F12',
      'health.versions',
      `versions differ: ${Object.entries(e.health.versions)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`,
    );

  const upgrade = diagnoseUpgrades(e.upgrades ?? []);
  if (upgrade) return upgrade;

  if (e.refusal?.accepted)
    return d('F15', 'auth.refusal.accepted', `${e.refusal.what} was accepted (${e.refusal.shape})`);
  if (e.isolation?.sharedIdentity)
    return d(
      'F15',
      'identity.shared',
      `two test users came back as one identity: ${e.isolation.sharedIdentity}`,
    );
  if (e.isolation?.breach) return d('F10', 'isolation.breach', e.isolation.breach);

  if (e.run) {
    const r = e.run;
    if (r.failureText && /database|db_|connection pool/i.test(r.failureText))
      return d('F8', 'agent.failure.database', `the agent failed: ${r.failureText}`);
    // A foreign frame explains the "missing" event it displaced, so isolation comes first.
    const foreign = r.violations?.find((v) => v.rule === 'foreign-user' || v.rule === 'foreign-run');
    if (foreign) return d('F10', `sequence.${foreign.rule}`, foreign.message);
    const order = r.violations?.find((v) =>
      [
        'missing-event',
        'out-of-order',
        'duplicate-start',
        'duplicate-terminal',
        'duplicate-event',
        'unpaired-tool-call',
        'missing-thread-id',
        'thread-not-kept',
      ].includes(v.rule),
    );
    if (order && r.terminal !== 'none')
      return d(
        'F9',
        `sequence.${order.rule}`,
        order.message,
        (r.violations ?? []).map((v) => v.message),
      );
    if (r.terminal === 'none' && r.closedMidRun) {
      const c = r.closedMidRun;
      const cls: FailureClass = isClassId(c.failureClass) ? c.failureClass : c.code === 1011 ? 'F7' : 'F9';
      return d(
        cls,
        `ws.close.${c.code}`,
        `the connection closed ${c.code} "${c.reason}" before the terminal event; events seen: ${seenText(r.eventsSeen)}`,
      );
    }
    if (r.terminal === 'none' && r.openAtDeadline && r.stillReceiving) {
      const k = r.stillReceiving;
      return d(
        'F30',
        'run.endless',
        `no terminal event after ${formatSeconds(r.waitedMs ?? 0)}; still receiving ${k.type} every ${Math.round(k.everyMs)} ms (${k.count} of them)`,
        [`events seen: ${r.eventsSeen.length}`],
      );
    }
    if (r.terminal === 'none' && r.openAtDeadline) {
      return d(
        'F14',
        'run.silent',
        `the run went silent with the connection open; events seen: ${seenText(r.eventsSeen)}`,
      );
    }
    if (order) return d('F9', `sequence.${order.rule}`, order.message);
    if (r.terminal === 'failure') facts.push(`agent failure: ${r.failureText ?? ''}`);
  }
  if (e.ui?.failed && e.ui.protocolPassed) {
    return d(
      'F5',
      'ui.fails-protocol-passes',
      `UI fails where protocol passes: the browser journey failed${e.ui.step ? ` at "${e.ui.step}"` : ''} while the same journey over the protocol completed`,
    );
  }
  if (e.sla) {
    const cls = SLA_CLASSES[e.sla.id];
    if (cls) return d(cls, `sla.${e.sla.id}`, e.sla.message.split('\n')[0] ?? '', [e.sla.message]);
  }
  const coded = e.error?.code ? CODE_CLASSES[e.error.code] : undefined;
  if (coded && e.error?.code) return d(coded, codeOf(e.error.code), e.error.message);
  // A token in the echoed subprotocol is a security finding of its own (its check names F16); it explains a failure
  // only when nothing else does and nothing else was wrong on the wire, so it is never blamed for an unrelated one.
  const echoed = (e.upgrades ?? []).some((u) => u.echoCarriesToken);
  if (echoed && !e.error && !e.sla && !e.run && !e.ui)
    return d(
      'F16',
      'ws.subprotocol.token-echo',
      'the selected subprotocol carries the token (it lands in response headers and proxy logs)',
    );
  if (echoed) facts.push('the selected subprotocol carried the token (F16, reported by its own check)');
  return d(
    'unclassified',
    e.error?.code ? codeOf(e.error.code) : e.sla ? `sla.${e.sla.id}` : 'unclassified',
    [e.error?.message ?? e.sla?.message ?? 'no evidence', ...facts].join('; '),
    facts,
  );
}

/** Events seen, short: repeats folded ("agent_thinking ×40"), at most a handful of steps. */
function seenText(types: readonly string[]): string {
  if (types.length === 0) return 'none';
  const runs: string[] = [];
  for (let i = 0; i < types.length;) {
    let j = i;
    while (j < types.length && types[j] === types[i]) j++;
    runs.push(j - i > 1 ? `${types[i]} ×${j - i}` : (types[i] as string));
    i = j;
  }
  return runs.length > 6 ? `${runs.slice(0, 5).join(' → ')} → … (${types.length} events)` : runs.join(' → ');
}

function diagnoseUpgrades(upgrades: readonly UpgradeFact[]): Finding | undefined {
  const good = upgrades.filter((u) => u.tokenSent && !u.tokenBad);
  const fiveXx = good.find((u) => u.outcome === 'rejected' && (u.status ?? 0) >= 500);
  if (fiveXx) return d('F7', `ws.upgrade.${fiveXx.status}`, `WebSocket upgrade answered ${fiveXx.status}`);
  const refused = good.find(
    (u) =>
      (u.outcome === 'rejected' && (u.status === 401 || u.status === 403)) ||
      (u.close?.code === 1008 && !u.readyArrived),
  );
  if (refused) {
    const upgrade = refused.url ? `upgrade to ${refused.url}` : 'upgrade';
    const how =
      refused.outcome === 'rejected'
        ? `${upgrade} answered ${refused.status}`
        : `${upgrade}: close 1008 "${refused.close?.reason ?? ''}"`;
    const code = refused.outcome === 'rejected' ? `ws.upgrade.${refused.status}` : 'ws.close.1008';
    const tried = refused.carriers.join(' + ') || 'no carrier';
    // Stripped (F4) only when the evidence shows it: the same token accepted in another carrier, so the refused
    // carrier's header did not reach the backend. Otherwise the product accepted none of the carriers tried.
    const acceptedBy = good.find(
      (u) => u.outcome === 'open' && u.readyArrived && u.carriers.join() !== refused.carriers.join(),
    );
    if (acceptedBy)
      return d(
        'F4',
        code,
        `${how} with the token in ${tried} alone, while ${acceptedBy.carriers.join(' + ')} alone was accepted: the ${tried} carrier did not reach the backend`,
      );
    return d(
      'F32',
      code,
      `${how} although a valid token was sent by ${tried}: the product accepted none of the carriers tried (${tried})`,
    );
  }
  const noEcho = good.find(
    (u) =>
      u.outcome === 'open' &&
      !u.echoCarriesToken &&
      u.offeredSubprotocol &&
      u.echoExpected &&
      u.selectedProtocol !== u.echoExpected,
  );
  if (noEcho) {
    return d(
      'F4',
      'ws.subprotocol.missing',
      `upgrade${noEcho.url ? ` to ${noEcho.url}` : ''} answered 101 without the ${noEcho.echoExpected} subprotocol${noEcho.selectedProtocol ? ` (selected "${noEcho.selectedProtocol}")` : ''} although a token was sent`,
    );
  }
  const early1011 = good.filter((u) => u.close?.code === 1011 && !u.readyArrived);
  if (early1011.length === 0) return undefined;
  const ordered = [...good].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  const c = early1011[0]?.close;
  return seriesFinding(
    ordered.map((u) => ({
      failed: u.close?.code === 1011 || u.outcome !== 'open',
      closed1011: u.close?.code === 1011 && !u.readyArrived,
    })),
    `handshake race: closed 1011 within ${Math.round(c?.atMs ?? 0)} ms of open, before the ready frame (${early1011.length}/${good.length} connections)`,
  );
}

export interface SeriesOutcome {
  failed: boolean;
  /** Closed 1011 right after opening. */
  closed1011: boolean;
}

/**
 * Over connections opened one after another: failures from some point on, every one after it, are a capacity limit
 * (F11); 1011 closes anywhere else are the handshake race (F3); neither says nothing.
 */
export function seriesFinding(outcomes: readonly SeriesOutcome[], raceDetail?: string): Finding | undefined {
  const firstBad = outcomes.findIndex((o) => o.failed);
  // Every connection up to some point held, then one unbroken run failed: a limit. Connections that succeed after the
  // run are the limit freeing slots as earlier ones go (a race fails here and there, from the start).
  const tail = firstBad > 0 ? outcomes.slice(firstBad) : [];
  const run = tail.findIndex((o) => !o.failed);
  const blocked = run === -1 ? tail.length : run;
  const afterRun = run === -1 ? [] : tail.slice(run);
  if (firstBad > 0 && blocked >= 2 && afterRun.every((o) => !o.failed)) {
    return d(
      'F11',
      'capacity.limit',
      `the first ${firstBad} connections held, the next ${blocked} failed${afterRun.length ? `, ${afterRun.length} after them held again` : ''}: capacity limit near ${firstBad}`,
    );
  }
  const raced = outcomes.filter((o) => o.closed1011).length;
  if (raced > 0)
    return d(
      'F3',
      'ws.close.1011',
      raceDetail ??
        `${raced}/${outcomes.length} connections closed 1011 right after opening (handshake race)`,
    );
  return undefined;
}

/** The class an SLA breach points to, when its id alone says enough. */
export function diagnoseSla(id: string, message: string): Finding | undefined {
  const cls = SLA_CLASSES[id];
  return cls ? d(cls, `sla.${id}`, message.split('\n')[0] ?? '') : undefined;
}
