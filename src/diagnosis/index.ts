// Public entry of the diagnosis layer: evidence in, a Finding out (noted for the test), its text from render.ts.
export { CATALOGUE, CLASS_IDS, isClassId, titleOf, type ClassId, type FailureClass } from './catalogue.ts';
export { diagnose, diagnoseSla, type Evidence } from './diagnose.ts';
export { finding, findingOfError, FindingError, parseFinding, type Finding } from './finding.ts';
export { causeLine, className, withCause } from './render.ts';

import { diagnose, type Evidence } from './diagnose.ts';
import type { Finding } from './finding.ts';
import { withCause } from './render.ts';
import { note } from './trail.ts';

/** Diagnoses `evidence`; a classified finding is noted for the test and its cause line follows the message. */
export function diagnosed(message: string, evidence: Evidence): { message: string; finding?: Finding } {
  const f = diagnose({ error: { message }, ...evidence });
  if (f.class === 'unclassified') return { message };
  note(f);
  return { message: withCause(message, f), finding: f };
}

/** `message` plus its cause line, when the evidence names a class. */
export function explain(message: string, evidence: Evidence): string {
  return diagnosed(message, evidence).message;
}
