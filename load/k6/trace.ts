// k6: the run's trace context on every request a VU sends — a traceparent of the run's trace (GP_TRACE_ID) with a
// new span id each time, and the profile's request-id header when it names one. Set once per VU by k6Context.
import { newTraceId, traceHeaders } from '../../src/protocol/trace-context.ts';

let traceId = newTraceId();
let requestIdHeader: string | undefined;

/** The run's trace id (without one, this VU's own) and the profile's request-id header. */
export function useK6Trace(runTraceId: string | undefined, header: string | undefined): void {
  traceId = runTraceId ?? traceId;
  requestIdHeader = header;
}

export const k6TraceHeaders = (): Record<string, string> => traceHeaders(traceId, requestIdHeader);
