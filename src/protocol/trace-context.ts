// W3C trace context (traceparent, version 00, sampled) and the product's request-id header, built the same way on
// Node and in k6 (dependency-free: esbuild bundles it). Ids come from Math.random: both engines have it, and a span
// or request id names a request, it protects nothing.
const TRACE_ID = /^[0-9a-f]{32}$/;

function randomHex(length: number): string {
  let out = '';
  while (out.length < length)
    out += Math.floor(Math.random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return out.slice(0, length);
}

/** W3C forbids the all-zero id: drawn again in that (2^-64) case. */
function nonZeroHex(length: number): string {
  for (;;) {
    const id = randomHex(length);
    if (/[^0]/.test(id)) return id;
  }
}

/** A trace id: 32 lower-case hex digits, not all zero. */
export const newTraceId = (): string => nonZeroHex(32);

/** True for a valid W3C trace id (a run's GP_TRACE_ID is checked with it). */
export const isTraceId = (id: string): boolean => TRACE_ID.test(id) && /[^0]/.test(id);

/** A request id in UUID v4 form (what gateways and most products generate and log). */
export function newRequestId(): string {
  const h = randomHex(32);
  const variant = ((parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Headers for one outgoing request of a trace: a new span id each time, and a new request id when a header is named. */
export function traceHeaders(traceId: string, requestIdHeader?: string): Record<string, string> {
  const headers: Record<string, string> = { traceparent: `00-${traceId}-${nonZeroHex(16)}-01` };
  if (requestIdHeader) headers[requestIdHeader.toLowerCase()] = newRequestId();
  return headers;
}
