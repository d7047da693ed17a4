// The failure classes of shared/design/failure-modes.md, as the diagnosis names them.

export const FAILURE_CLASSES = {
  F1: 'auth service slow',
  F2: 'auth service unavailable',
  F3: 'WebSocket handshake race',
  F4: 'headers stripped between client and backend',
  F5: 'frontend build and backend disagree',
  F6: 'readiness blocked by a dependency timeout',
  F7: 'service unavailable (cold start, 5xx burst)',
  F8: 'database degraded',
  F9: 'agent events missing or out of order',
  F10: 'isolation breach',
  F11: 'capacity limit',
  F12: 'version drift',
  F13: 'target unreachable',
  F14: 'silent hang',
  F15: 'target accepts unauthenticated clients',
  F16: 'token echoed in the handshake',
  PROFILE: "the target's frames do not match the profile",
} as const;

export type FailureClass = keyof typeof FAILURE_CLASSES | 'unclassified';

export interface Diagnosis {
  failureClass: FailureClass;
  /** One line: why, with the facts that point there. */
  explanation: string;
  /** The facts used, for the report. */
  evidence: string[];
}

export function formatDiagnosis(d: Diagnosis): string {
  if (d.failureClass === 'unclassified') return `Likely cause: unclassified — ${d.explanation}`;
  return `Likely cause: ${d.failureClass} ${FAILURE_CLASSES[d.failureClass]} — ${d.explanation}`;
}

/** Reads the class back from a message that carries a "Likely cause" line. */
export function classInMessage(message: string): FailureClass | undefined {
  const m = /Likely cause: (F\d+|PROFILE|unclassified)\b/.exec(message);
  return m ? (m[1] as FailureClass) : undefined;
}
