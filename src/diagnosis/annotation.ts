// Where a test's finding travels: one structured annotation, read back by the gate, the self-test and reports.
import { parseFinding, type Finding } from './finding.ts';

export const FINDING_ANNOTATION = 'finding';

/** The finding among a test's annotations (Playwright's JSON report or TestInfo), validated. */
export function findingInAnnotations(
  annotations: readonly { type: string; description?: string }[] | undefined,
): Finding | undefined {
  const a = annotations?.find((x) => x.type === FINDING_ANNOTATION);
  return a ? parseFinding(a.description) : undefined;
}
