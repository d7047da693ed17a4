// The result of one infra check: pass or fail, one message naming the likely cause, what could not be checked.
import { titleOf, type ClassId } from '../diagnosis/catalogue.ts';
import { finding, type Finding } from '../diagnosis/finding.ts';
import { withCause } from '../diagnosis/render.ts';
import { note } from '../diagnosis/trail.ts';
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
  /** The diagnosis of a failed check whose cause names a class. */
  finding?: Finding;
}

/** What a failed check points to: words for the message prefix, and the class when the check knows it. */
export interface Cause {
  text: string;
  cls?: ClassId;
}

export function cause(text: string, cls?: ClassId): Cause {
  return cls ? { text, cls } : { text };
}

export interface VerdictParts {
  check: string;
  /** What a failure points to, e.g. cause('readiness blocked', 'F6'); a string names no class. */
  diagnosis: Cause | string;
  /** What was seen when everything is fine. */
  summary: string;
  problems?: readonly string[];
  notApplicable?: readonly string[];
  sla?: readonly SlaResult[];
  evidence?: Record<string, unknown>;
  /** What a proxy in between answered on the check's own calls: names a failed check in its place. */
  intermediary?: Finding;
}

/** Assembles a verdict: any problem, or any SLA that did not pass, fails it. */
export function verdict(parts: VerdictParts): Verdict {
  const sla = parts.sla ?? [];
  const problems = [...(parts.problems ?? []), ...sla.filter((r) => !r.pass).map((r) => r.message)];
  const ok = problems.length === 0;
  const between = ok || parts.intermediary?.class === 'unclassified' ? undefined : parts.intermediary;
  const c = between
    ? cause(titleOf(between.class), between.class as ClassId)
    : typeof parts.diagnosis === 'string'
      ? cause(parts.diagnosis)
      : parts.diagnosis;
  const prefix = [c.text, c.cls ? `(${c.cls})` : ''].filter(Boolean).join(' ');
  const f = between
    ? note(finding(between.class, between.code, between.summary, [...between.evidence, ...problems]))
    : ok || !c.cls
      ? undefined
      : note(finding(c.cls, parts.check, (problems[0] ?? '').split('\n')[0] ?? '', [...problems]));
  return {
    check: parts.check,
    ok,
    message: ok ? `${parts.check}: ${parts.summary}` : withCause(`${prefix}: ${problems.join('; ')}`, f),
    problems,
    notApplicable: parts.notApplicable ?? [],
    sla,
    evidence: parts.evidence ?? {},
    ...(f ? { finding: f } : {}),
  };
}
