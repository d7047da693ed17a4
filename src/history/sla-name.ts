// An SLA as a user names it on the command line: its id (`auth.login.latency`) or its subject and statistic
// (`auth.login.p95`, as dashboards name a figure).
import { SLA_DEFAULTS, type SlaDefinition } from '../config/sla-table.ts';

export function resolveSla(name: string): SlaDefinition | undefined {
  const exact = SLA_DEFAULTS.find((d) => d.id === name);
  if (exact) return exact;
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const subject = name.slice(0, dot);
  const statistic = name.slice(dot + 1);
  const matches = SLA_DEFAULTS.filter(
    (d) => d.statistic === statistic && d.id.slice(0, d.id.lastIndexOf('.')) === subject,
  );
  return matches.length === 1 ? matches[0] : undefined;
}
