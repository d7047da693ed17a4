// OTLP/HTTP JSON export against a local collector stand-in that records what it receives: one trace per run under
// the run's trace id, a root span and a span per check, the Finding as an error status.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { exportRun } from './otlp.ts';
import { at, sampleRun } from './sample-runs.ts';

interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  status: { code: number; message?: string };
  attributes: { key: string; value: Record<string, unknown> }[];
}

test('a failed run reaches the collector as spans of its own trace, the failed check an error with its Finding', async () => {
  const received: { path: string | undefined; type: string | undefined; body: unknown }[] = [];
  const collector = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      received.push({ path: req.url, type: req.headers['content-type'], body: JSON.parse(text) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(collector.address() as AddressInfo).port}/v1/traces`;
  try {
    const run = sampleRun('failed', at(0));
    expect(await exportRun(url, run)).toBeUndefined();
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ path: '/v1/traces', type: 'application/json' });
    const body = received[0]?.body as {
      resourceSpans: { resource: unknown; scopeSpans: { spans: Span[] }[] }[];
    };
    const spans = body.resourceSpans[0]?.scopeSpans[0]?.spans ?? [];
    expect(spans).toHaveLength(2);
    const [root, check] = spans;
    expect(root).toMatchObject({ traceId: run.traceId, status: { code: 2 } });
    expect(root?.startTimeUnixNano).toBe(`${Date.parse(run.startedAt)}000000`);
    expect(check).toMatchObject({
      traceId: run.traceId,
      parentSpanId: root?.spanId,
      name: run.checks[0]?.name,
      status: { code: 2, message: 'F1 login answered 503' },
    });
    expect(check?.attributes).toContainEqual({
      key: 'golden_path.request_id',
      value: { stringValue: 'req-42' },
    });
    expect(check?.spanId).toMatch(/^[0-9a-f]{16}$/);
  } finally {
    collector.close();
  }
  // A collector that is gone is one line, never a throw.
  const error = await exportRun(url, sampleRun('passed', at(1)), 2000);
  expect(error).toBeDefined();
  expect(error).not.toContain('\n');
});
