// Trace context as both engines build it: well-formed W3C traceparents of one trace with a new span each, request
// ids in UUID form under the profile's header.
import { expect, test } from '@playwright/test';
import { isTraceId, newRequestId, newTraceId, traceHeaders } from './trace-context.ts';

test('traceparent: version 00, the given trace, a new non-zero span id, sampled; the request id under the named header', () => {
  const trace = newTraceId();
  expect(isTraceId(trace)).toBe(true);
  const spans = new Set<string>();
  for (let i = 0; i < 50; i++) {
    const h = traceHeaders(trace, 'X-Correlation-Id');
    const m = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(h.traceparent ?? '');
    expect(m?.[1]).toBe(trace);
    expect(m?.[2]).not.toBe('0'.repeat(16));
    spans.add(m?.[2] ?? '');
    expect(h['x-correlation-id']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  }
  expect(spans.size).toBe(50);
  expect(Object.keys(traceHeaders(trace))).toEqual(['traceparent']);
  expect(newRequestId()).not.toBe(newRequestId());
});
