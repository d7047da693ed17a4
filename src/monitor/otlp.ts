// Each monitor run as OpenTelemetry spans over OTLP/HTTP JSON: a root span for the run under the run's own trace id
// (the one every request of the run carried in its traceparent), a child span per check, its Finding as the status.
import { randomBytes } from 'node:crypto';
import { request } from 'undici';
import type { RunRecord } from '../history/types.ts';

type AnyValue = { stringValue: string } | { intValue: string } | { boolValue: boolean };
interface KeyValue {
  key: string;
  value: AnyValue;
}

const STATUS_OK = 1;
const STATUS_ERROR = 2;
const SPAN_KIND_INTERNAL = 1;

const attr = (key: string, v: string | number | boolean): KeyValue => ({
  key,
  value:
    typeof v === 'string'
      ? { stringValue: v }
      : typeof v === 'number'
        ? { intValue: String(Math.round(v)) }
        : { boolValue: v },
});
const nanos = (iso: string): string => `${BigInt(Date.parse(iso)) * 1_000_000n}`;
const spanId = (): string => randomBytes(8).toString('hex');

/** The OTLP/HTTP JSON body (ExportTraceServiceRequest) of one run. */
export function runSpans(run: RunRecord): Record<string, unknown> {
  const traceId = run.traceId ?? randomBytes(16).toString('hex');
  const root = spanId();
  const red = run.state === 'failed' || run.state === 'crashed';
  const first = run.findings?.[0];
  const spans = [
    {
      traceId,
      spanId: root,
      name: `golden-path ${run.kind} ${run.selection}`,
      kind: SPAN_KIND_INTERNAL,
      startTimeUnixNano: nanos(run.startedAt),
      endTimeUnixNano: nanos(run.endedAt),
      attributes: [
        attr('golden_path.run.id', run.id),
        attr('golden_path.run.state', run.state),
        attr('deployment.environment.name', run.environment),
        ...(first ? [attr('error.type', first.class)] : []),
      ],
      status: red
        ? { code: STATUS_ERROR, message: first ? `${first.class} ${first.summary}` : run.state }
        : { code: STATUS_OK },
    },
    // The record keeps each check's duration, not its start: its span starts with the run.
    ...run.checks.map((c) => ({
      traceId,
      spanId: spanId(),
      parentSpanId: root,
      name: c.name,
      kind: SPAN_KIND_INTERNAL,
      startTimeUnixNano: nanos(run.startedAt),
      endTimeUnixNano: `${BigInt(Date.parse(run.startedAt) + Math.round(c.durationMs)) * 1_000_000n}`,
      attributes: [
        attr('golden_path.check.state', c.state),
        attr('golden_path.check.retries', c.retries),
        ...(c.requestId ? [attr('golden_path.request_id', c.requestId)] : []),
        ...(c.finding
          ? [attr('error.type', c.finding.class), attr('golden_path.finding.code', c.finding.code)]
          : []),
      ],
      status:
        c.state === 'failed'
          ? { code: STATUS_ERROR, message: c.finding ? `${c.finding.class} ${c.finding.summary}` : 'failed' }
          : { code: c.state === 'passed' || c.state === 'flaky' ? STATUS_OK : 0 },
    })),
  ];
  return {
    resourceSpans: [
      {
        resource: { attributes: [attr('service.name', 'golden-path-monitor')] },
        scopeSpans: [{ scope: { name: 'golden-path' }, spans }],
      },
    ],
  };
}

/** POSTs the run to `<url>` (a collector's /v1/traces); resolves with an error line, or undefined when accepted. */
export async function exportRun(
  url: string,
  run: RunRecord,
  timeoutMs = 10_000,
): Promise<string | undefined> {
  try {
    const res = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(runSpans(run)),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    await res.body.dump();
    return res.statusCode < 300 ? undefined : `the collector answered ${res.statusCode}`;
  } catch (error) {
    return (error instanceof Error ? error.message : String(error)).split('\n')[0];
  }
}
