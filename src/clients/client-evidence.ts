// Diagnosis evidence from a whole client (fixture teardown): its HTTP exchanges and upgrades, plus the test's error.
import type { Evidence } from '../diagnosis/diagnose.ts';
import { upgradeFact } from './evidence.ts';
import { httpFact } from './http.ts';
import type { GoldenPathClient } from './golden-path-client.ts';

/** Evidence from a whole client (fixture teardown) plus the test's first error line, kept as text only. */
export function clientEvidence(client: GoldenPathClient | undefined, message: string | undefined): Evidence {
  const evidence: Evidence = {};
  if (message) evidence.error = { message };
  if (!client) return evidence;
  evidence.http = client.http.exchanges.map(httpFact);
  evidence.upgrades = client.connections.map((c, i) => upgradeFact(c, i));
  return evidence;
}
