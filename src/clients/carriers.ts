// Auth carrier variants derived from the profile's own templates: header only, subprotocol only, raw-token entry.
import { finding, type Finding } from '../diagnosis/finding.ts';
import { withCause } from '../diagnosis/render.ts';
import { note } from '../diagnosis/trail.ts';
import type { AuthCarrier, EchoRule, Profile } from '../../profiles/define.ts';
import { redact } from '../config/secret.ts';
import { base64url } from '../protocol/base64url.ts';
import { adapterFor } from '../protocol/adapter.ts';
import type { UpgradeOutcome } from './upgrade-outcome.ts';

export interface CarrierVariants {
  header?: AuthCarrier;
  subprotocol?: AuthCarrier;
  /** The subprotocol carrier with the raw token instead of its base64url form. */
  subprotocolRaw?: AuthCarrier;
  query?: AuthCarrier;
}

export function carrierVariants(profile: Profile): CarrierVariants {
  const find = <K extends AuthCarrier['kind']>(kind: K) =>
    profile.ws.carriers.find((c): c is Extract<AuthCarrier, { kind: K }> => c.kind === kind);
  const header = find('header');
  const subprotocol = find('subprotocol');
  const query = find('query');
  const raw = subprotocol
    ? {
        kind: 'subprotocol' as const,
        entries: subprotocol.entries.map((e) => e.replace('{{token_b64url}}', '{{token}}')),
      }
    : undefined;
  return {
    ...(header ? { header } : {}),
    ...(subprotocol ? { subprotocol } : {}),
    ...(raw && raw.entries.join() !== subprotocol?.entries.join() ? { subprotocolRaw: raw } : {}),
    ...(query ? { query } : {}),
  };
}

/** Headers of an authenticated HTTP call (ticket, create thread, send, who am I): the adapter's. */
export function authHeaders(profile: Profile, token: string): Record<string, string> {
  return adapterFor(profile).authHeaders(token);
}

/** The subprotocol carrier with its token entry replaced by something that is not a token at all. */
export function malformedSubprotocol(carrier: Extract<AuthCarrier, { kind: 'subprotocol' }>): AuthCarrier {
  return {
    kind: 'subprotocol',
    entries: carrier.entries.map((e) =>
      e.includes('{{') ? e.replace(/\{\{token(_b64url)?\}\}/, '%%not-a-token%%') : e,
    ),
  };
}

/** Whether an echoed subprotocol carries the token, raw or base64url (a security finding: headers, proxy logs). */
export function echoCarriesToken(selected: string, token: string): boolean {
  return (
    selected !== '' && token.length > 8 && (selected.includes(token) || selected.includes(base64url(token)))
  );
}

/** F16, noted for the test: the selected subprotocol is the token itself. */
export function tokenEchoFinding(): Finding {
  const why = 'the selected subprotocol carries the token (it lands in response headers and proxy logs)';
  return note(finding('F16', 'ws.subprotocol.token-echo', why));
}

/** The profile's echo rule against what the server selected (the token check is a separate security finding). */
export function judgeEcho(
  rule: EchoRule,
  selected: string,
  outcome: UpgradeOutcome | undefined,
  token: string,
): { ok: boolean; message: string; finding?: Finding } {
  const verdict = echoVerdict(rule, selected, outcome, token);
  if (verdict.ok || !echoCarriesToken(selected, token)) return verdict;
  // The selection failed because it is the token itself: that is F16, whatever else the rule expected. The token
  // is hidden whether or not it was registered as a secret: this message is about exactly that token.
  const hidden = verdict.message.split(token).join('[token]').split(base64url(token)).join('[token]');
  const f = tokenEchoFinding();
  return { ok: false, message: withCause(hidden, f), finding: f };
}

function echoVerdict(
  rule: EchoRule,
  selected: string,
  outcome: UpgradeOutcome | undefined,
  token: string,
): { ok: boolean; message: string } {
  const offered = outcome?.kind === 'open' ? outcome.offered : [];
  switch (rule.rule) {
    case 'exact':
      return {
        ok: selected === rule.value,
        message: `selected subprotocol "${redact(selected)}", expected exactly "${rule.value}"`,
      };
    case 'non-token':
      return {
        ok: selected !== '' && offered.includes(selected) && !echoCarriesToken(selected, token),
        message: `selected subprotocol "${redact(selected)}", expected an offered entry without the token`,
      };
    case 'any-offered':
      return {
        ok: offered.includes(selected),
        message: `selected subprotocol "${redact(selected)}", expected one of the offered entries`,
      };
    case 'none':
      return { ok: selected === '', message: `selected subprotocol "${redact(selected)}", expected none` };
  }
}
