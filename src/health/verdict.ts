// The result of one infra check: pass or fail, one message naming the likely cause, what could not be checked.
import { FAILURE_CLASSES, formatDiagnosis } from '../diagnosis/catalogue.ts';
import type { SlaResult } from '../sla/judge.ts';

export interface Verdict {
  /** Stable check id (`health.liveness`, `infra.header-forwarding`, …). */
  check: string;
  ok: boolean;
  /** One line. On failure it starts with the diagnosis (failure class) and lists every problem found. */
  message: string;
  problems: readonly string[];
  /** What this check could not look at, with the reason: reported as "not applicable", never as passed. */
  notApplicable: readonly string[];
  /** SLA judgements made by the check (already in the ledger when the client was given a recorder). */
  sla: readonly SlaResult[];
  evidence: Readonly<Record<string, unknown>>;
}

export interface VerdictParts {
  check: string;
  /** Prefix of a failure message, e.g. "readiness blocked (F6)". */
  diagnosis: string;
  /** What was seen when everything is fine. */
  summary: string;
  problems?: readonly string[];
  notApplicable?: readonly string[];
  sla?: readonly SlaResult[];
  evidence?: Record<string, unknown>;
}

/** Assembles a verdict: any problem, or any SLA that did not pass, fails it. */
export function verdict(parts: VerdictParts): Verdict {
  const sla = parts.sla ?? [];
  const problems = [...(parts.problems ?? []), ...sla.filter((r) => !r.pass).map((r) => r.message)];
  const ok = problems.length === 0;
  return {
    check: parts.check,
    ok,
    message: ok
      ? `${parts.check}: ${parts.summary}`
      : withCause(`${parts.diagnosis}: ${problems.join('; ')}`, parts.diagnosis, problems),
    problems,
    notApplicable: parts.notApplicable ?? [],
    sla,
    evidence: parts.evidence ?? {},
  };
}

/** The failure line plus its "Likely cause" line; the class comes from the check's diagnosis prefix ("… (F6)"). */
function withCause(message: string, diagnosis: string, problems: readonly string[]): string {
  const cls = /\((F\d+)\)/.exec(diagnosis)?.[1];
  if (!cls || !(cls in FAILURE_CLASSES)) return message;
  const first = (problems[0] ?? '').split('\n')[0] ?? '';
  return `${message}\n${formatDiagnosis({ failureClass: cls as keyof typeof FAILURE_CLASSES, explanation: first, evidence: [] })}`;
}
