// Diagnosis evidence from a whole client (fixture teardown): its HTTP exchanges and upgrades, plus the test's error.
import type { Evidence } from '../diagnosis/diagnose.ts';
import { upgradeFact } from './evidence.ts';
import type { GoldenPathClient } from './golden-path-client.ts';

/** Evidence from a whole client (fixture teardown) plus the test's first error message. */
export function clientEvidence(client: GoldenPathClient | undefined, message: string | undefined): Evidence {
  const evidence: Evidence = {};
  if (message) {
    const code = /^(?:Error: )?([A-Z][A-Z0-9_]+): /.exec(message)?.[1];
    evidence.error = { ...(code ? { code } : {}), message };
    const sla = /SLA ([\w.]+) (?:breached|not measured)/.exec(message);
    if (sla?.[1]) evidence.sla = { id: sla[1], message: message.slice(sla.index) };
  }
  if (!client) return evidence;
  evidence.http = client.http.exchanges.map((x) => ({
    url: x.url,
    ms: x.ms,
    what: x.what,
    ...(x.status !== undefined ? { status: x.status } : {}),
    ...(x.error ? { error: x.error } : {}),
  }));
  evidence.upgrades = client.connections.map((c, i) => upgradeFact(c, i));
  return evidence;
}
