// Trace correlation at the lowest layer: an HTTP call and a WebSocket upgrade both carry a W3C traceparent of the
// run's trace and the profile's request-id header, and the id the product answered with is kept for the test.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { WebSocketServer } from 'ws';
import profile from '../../profiles/default.ts';
import { runTraceId } from '../config/runner-env.ts';
import { readRunReport, type JSONReport } from '../gate/playwright-report.ts';
import { playwrightRunRecord } from '../history/records.ts';
import { FrameReader } from '../protocol/frames.ts';
import { correlationInAnnotations, takeCorrelation, useRequestIdHeader } from './correlation.ts';
import { HttpClient } from './http.ts';
import { WsConnection } from './ws-connection.ts';

const REQUEST_ID = profile.requestIdHeader as string;

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

test('HTTP requests and WebSocket upgrades carry the run’s traceparent and a request id; the answer’s id is kept', async () => {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(200, { 'content-type': 'application/json', [REQUEST_ID]: 'answered-by-http' }).end('{}');
  });
  const wss = new WebSocketServer({ server });
  wss.on('headers', (headers, req) => {
    seen.push(req.headers);
    headers.push('X-Request-Id: answered-by-upgrade');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  useRequestIdHeader('X-Request-Id');
  try {
    takeCorrelation();
    const http = new HttpClient();
    await http.call(`http://${base}/health`, { what: 'health', timeoutMs: 5000 });
    await http.call(`http://${base}/health`, { what: 'health', timeoutMs: 5000 });
    expect(takeCorrelation()).toEqual({ traceId: runTraceId(), requestId: 'answered-by-http' });
    expect(http.exchanges[0]?.requestId).toBe('answered-by-http');

    const ws = await WsConnection.attempt({
      url: `ws://${base}/ws`,
      carriers: [],
      reader: new FrameReader(profile),
      connectTimeoutMs: 5000,
    });
    expect(ws.outcome?.kind).toBe('open');
    ws.socket.close();
    expect(takeCorrelation()).toEqual({ traceId: runTraceId(), requestId: 'answered-by-upgrade' });
    expect(takeCorrelation()).toEqual({ traceId: runTraceId() });

    expect(seen).toHaveLength(3);
    const parents = seen.map((h) => TRACEPARENT.exec(String(h.traceparent)));
    for (const p of parents) expect(p?.[1]).toBe(runTraceId());
    // One trace, a span per request.
    expect(new Set(parents.map((p) => p?.[2])).size).toBe(3);
    expect(new Set(seen.map((h) => h[REQUEST_ID])).size).toBe(3);
  } finally {
    useRequestIdHeader(undefined);
    wss.close();
    server.close();
  }
});

test('a test’s correlation annotation round-trips; a malformed one is ignored', () => {
  expect(
    correlationInAnnotations([{ type: 'correlation', description: '{"traceId":"ab","requestId":"r1"}' }]),
  ).toEqual({ traceId: 'ab', requestId: 'r1' });
  expect(correlationInAnnotations([{ type: 'correlation', description: 'not json' }])).toBeUndefined();
  expect(correlationInAnnotations(undefined)).toBeUndefined();
});

test('a test’s trace and answered request id reach its history row, and the run takes the trace', () => {
  const report = {
    suites: [
      {
        title: 'a.spec.ts',
        file: 'a.spec.ts',
        specs: [
          {
            title: 'journey',
            file: 'a.spec.ts',
            tests: [
              {
                projectName: 'local',
                status: 'expected',
                annotations: [],
                results: [
                  {
                    status: 'passed',
                    duration: 10,
                    annotations: [{ type: 'correlation', description: '{"traceId":"t1","requestId":"r1"}' }],
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  } as unknown as JSONReport;
  const record = playwrightRunRecord({
    environment: 'local',
    tests: readRunReport(report).tests,
    runErrors: [],
    slaRows: [],
    startedAt: '2026-12-03T10:00:00.000Z',
    endedAt: '2026-12-03T10:00:01.000Z',
    ctx: { kind: 'gate', selection: 'all' },
  });
  expect(record.checks[0]).toMatchObject({ traceId: 't1', requestId: 'r1' });
  expect(record.traceId).toBe('t1');
});
