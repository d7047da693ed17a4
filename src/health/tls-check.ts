// The TLS check: every https/wss origin's certificate valid for its host, tls.cert.days_left; plain http is not applicable.
import type { SlaResult } from '../sla/judge.ts';
import type { ProbeContext } from './probe-context.ts';
import { certificateProblems, inspectCertificate, isTlsUrl } from './tls.ts';
import type { VerdictParts } from './verdict.ts';

/** The distinct origins of the target's URLs, a WebSocket origin written as its http(s) twin. */
export function targetOrigins(urls: Readonly<Record<string, string>>): string[] {
  return [...new Set(Object.values(urls).map((u) => new URL(u).origin.replace(/^ws/, 'http')))];
}

export async function checkTls(ctx: ProbeContext): Promise<VerdictParts> {
  const origins = targetOrigins(ctx.config.urls);
  const secure = origins.filter(isTlsUrl);
  const notApplicable = origins
    .filter((u) => !isTlsUrl(u))
    .map((u) => `TLS: ${u} is plain http, there is no certificate to check`);
  const problems: string[] = [];
  const sla: SlaResult[] = [];
  for (const url of secure) {
    const report = await inspectCertificate(url, { timeoutMs: ctx.config.timeouts.connectMs });
    problems.push(...certificateProblems(report));
    const days = report.daysLeft ?? { unmeasured: `no certificate from ${report.endpoint}` };
    sla.push(
      ctx.judgeSla('tls.cert.days_left', days, `${report.endpoint} valid to ${report.validTo ?? '?'}`),
    );
  }
  const summary = secure.length === 0 ? 'no https origin' : sla.map((r) => r.message).join('; ');
  return { check: 'infra.tls', diagnosis: 'TLS certificate problem', summary, problems, sla, notApplicable };
}
