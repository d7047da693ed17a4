// Every text a finding is shown as — console, messages, reports, verdicts, alerts — made here from the value.
import { CATALOGUE, titleOf, type FailureClass } from './catalogue.ts';
import type { Finding } from './finding.ts';
import { redactText } from '../protocol/redaction.ts';

/** "F6 readiness blocked by a dependency timeout"; "unclassified". */
export function className(cls: FailureClass): string {
  return cls === 'unclassified' ? 'unclassified' : `${cls} ${titleOf(cls)}`;
}

/** The longest cause line: the long evidence goes to the finding's attachment (findingText), never into the line. */
export const CAUSE_LINE_MAX = 200;

/** The line under a failure message: "Likely cause: F6 readiness blocked … — readiness timed out" (≤ 200 chars). */
export function causeLine(f: Finding): string {
  const line = `Likely cause: ${className(f.class)} — ${f.summary}`;
  return line.length > CAUSE_LINE_MAX ? `${line.slice(0, CAUSE_LINE_MAX - 1)}…` : line;
}

/** A message with its cause line appended (an unclassified finding adds nothing the message does not say); redacted. */
export function withCause(message: string, f: Finding | undefined): string {
  return redactText(f && f.class !== 'unclassified' ? `${message}\n${causeLine(f)}` : message);
}

/** The console line printed under a failed test's title. */
export function consoleLine(testTitle: string, f: Finding): string {
  return `  ${testTitle}: ${causeLine(f)} [${f.code}]`;
}

/** The attachment text of a finding: the line, what to check, the evidence. */
export function findingText(f: Finding): string {
  const entry = f.class === 'unclassified' ? undefined : CATALOGUE[f.class];
  return [
    causeLine(f),
    `code: ${f.code}`,
    ...(entry ? [`likely cause: ${entry.likelyCause}`, `check: ${entry.check}`] : []),
    ...(f.evidence.length ? ['evidence:', ...f.evidence.map((e) => `  - ${e}`)] : []),
  ].join('\n');
}

/** JUnit's failure type: "F6 health.ready.timeout". */
export function junitType(f: Finding): string {
  return `${f.class} ${f.code}`;
}

/** A class with its count, for verdict tables and alerts: "F1 auth service slow (×2)". */
export function countedClass(cls: FailureClass, count: number): string {
  return `${className(cls)} (×${count})`;
}
