// W3C trace context on every request and WebSocket upgrade the harness makes — one trace per run (its id from the
// run, so a monitor's history row names it), a new span id per request — plus the product's request-id header when
// the profile names one; and the request id the product answered with, kept for the test's record and its Finding.
import type { IncomingHttpHeaders } from 'node:http';
import { runTraceId } from '../config/runner-env.ts';
import { traceHeaders } from '../protocol/trace-context.ts';

export interface Correlation {
  traceId: string;
  /** The request id of the newest answer that carried one (the profile's header). */
  requestId?: string;
}

let requestIdHeader: string | undefined;
let answered: string | undefined;

/** The profile's request-id header (undefined: none is sent or read). Set once per process from the config. */
export function useRequestIdHeader(name: string | undefined): void {
  requestIdHeader = name?.toLowerCase();
}

/** Headers for one outgoing request: `traceparent` (version 00, sampled) and the request id when the profile names one. */
export function correlationHeaders(): Record<string, string> {
  return traceHeaders(runTraceId(), requestIdHeader);
}

/** Reads the product's request id from an answer (HTTP response or the upgrade's 101/refusal) and keeps it. */
export function noteAnswer(headers: IncomingHttpHeaders | Record<string, unknown>): string | undefined {
  if (!requestIdHeader) return undefined;
  const raw: unknown = headers[requestIdHeader];
  const value: unknown = Array.isArray(raw) ? (raw as unknown[])[0] : raw;
  if (typeof value !== 'string' || value === '') return undefined;
  answered = value.slice(0, 200);
  return answered;
}

/** The run's trace id and the newest request id answered since the last call (each test takes its own). */
export function takeCorrelation(): Correlation {
  const out: Correlation = { traceId: runTraceId(), ...(answered ? { requestId: answered } : {}) };
  answered = undefined;
  return out;
}

/** Where a test's correlation travels: one annotation, read back from the JSON report into its history row. */
export const CORRELATION_ANNOTATION = 'correlation';

export function correlationInAnnotations(
  annotations: readonly { type: string; description?: string }[] | undefined,
): Correlation | undefined {
  const a = annotations?.find((x) => x.type === CORRELATION_ANNOTATION);
  try {
    const v = JSON.parse(a?.description ?? '') as Partial<Correlation>;
    if (typeof v.traceId !== 'string') return undefined;
    return { traceId: v.traceId, ...(typeof v.requestId === 'string' ? { requestId: v.requestId } : {}) };
  } catch {
    return undefined;
  }
}

/** The evidence lines a Finding gets, so on-call can jump from a red check to the product's own trace. */
export function correlationEvidence(c: Correlation): string[] {
  return [
    `trace id ${c.traceId}`,
    ...(c.requestId ? [`request id ${c.requestId} (as the product answered)`] : []),
  ];
}
