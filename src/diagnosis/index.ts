// Public entry of the diagnosis layer.
export {
  classInMessage,
  FAILURE_CLASSES,
  formatDiagnosis,
  type Diagnosis,
  type FailureClass,
} from './catalogue.ts';
export { diagnose, diagnoseSla, type Evidence } from './diagnose.ts';

import { formatDiagnosis } from './catalogue.ts';
import { diagnose, type Evidence } from './diagnose.ts';

/** `message` plus its "Likely cause" line, when the evidence names a class. */
export function explain(message: string, evidence: Evidence): string {
  const diagnosis = diagnose({ error: { message }, ...evidence });
  return diagnosis.failureClass === 'unclassified' ? message : `${message}\n${formatDiagnosis(diagnosis)}`;
}
