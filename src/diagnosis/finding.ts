// A failure as a value: its class, a stable code, one short summary and the evidence; made once, rendered elsewhere.
import { redactText } from '../protocol/redaction.ts';
import { isClassId, type FailureClass } from './catalogue.ts';

export interface Finding {
  class: FailureClass;
  /** Stable, dotted, lower case: `ws.close.1011`, `sla.auth.login.latency`, `http.timeout`. */
  code: string;
  /** One line, at most SUMMARY_MAX characters. */
  summary: string;
  /** The facts that point to the class, one per entry (attached to the report, never secrets). */
  evidence: string[];
}

export const SUMMARY_MAX = 200;

/** Made redacted: a finding is rendered everywhere (console, Allure, verdict, JUnit, alerts), so it never holds a secret. */
export function finding(cls: FailureClass, code: string, summary: string, evidence: string[] = []): Finding {
  const line = redactText(summary.split('\n')[0] ?? '');
  return {
    class: cls,
    code,
    summary: line.length > SUMMARY_MAX ? `${line.slice(0, SUMMARY_MAX - 1)}…` : line,
    evidence: evidence.map((e) => redactText(e)),
  };
}

/** An error code (`WS_UPGRADE_REJECTED`) as a finding code (`ws.upgrade.rejected`). */
export function codeOf(errorCode: string): string {
  return errorCode.toLowerCase().replace(/_/g, '.');
}

/** A finding read back from JSON (an annotation, a verdict, a ledger line): validated, never cast. */
export function parseFinding(value: unknown): Finding | undefined {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const cls = o.class;
  if (!(isClassId(cls) || cls === 'unclassified')) return undefined;
  if (typeof o.code !== 'string' || typeof o.summary !== 'string') return undefined;
  const evidence = Array.isArray(o.evidence) ? o.evidence.filter((e) => typeof e === 'string') : [];
  return { class: cls, code: o.code, summary: o.summary, evidence };
}

/** An error that carries its finding, so whoever catches it has the value, not only the words. */
export class FindingError extends Error {
  readonly finding: Finding;
  constructor(message: string, f: Finding) {
    super(redactText(message));
    this.name = 'FindingError';
    this.finding = f;
  }
}

/** The finding an error carries, if any (any error type may carry one). */
export function findingOfError(error: unknown): Finding | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  return parseFinding((error as { finding?: unknown }).finding);
}
