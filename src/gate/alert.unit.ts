// Unit tests of alerting against a local HTTP receiver: one JSON POST, bounded, retried once, failure reported.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CATALOGUE } from '../diagnosis/catalogue.ts';
import { expect, test } from '@playwright/test';
import { buildSlaTable } from '../config/sla-table.ts';
import { judge } from '../sla/judge.ts';
import { aggregate } from '../sla/ledger.ts';
import { alertPayload, sendAlert, type AlertPayload } from './alert.ts';
import { decide, parseFlakyPolicy } from './verdict.ts';

const table = buildSlaTable({});
const verdict = decide({
  environment: 'staging',
  startedAt: 's',
  endedAt: 'e',
  harnessCommit: 'c',
  targetVersions: {},
  tests: [
    {
      title: 'journey',
      file: 'tests/golden-path/a.spec.ts',
      line: 1,
      project: 'staging',
      tags: ['golden-path'],
      outcome: 'failed',
      attempts: 1,
      error: 'SLA auth.login.latency breached on staging: 1.1 s > 500 ms (n=1)',
    },
  ],
  runErrors: [],
  slas: aggregate([
    { ...judge(table['auth.login.latency'], 'staging', 1100), source: 'staging › journey', at: 'now' },
  ]),
  notMeasured: [],
  flaky: parseFlakyPolicy(undefined),
});

/** A receiver that answers each POST with the next status (or never, for `hang`). */
async function receiver(
  statuses: Array<number | 'hang'>,
): Promise<{ url: string; bodies: AlertPayload[]; close: () => void }> {
  const bodies: AlertPayload[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      bodies.push(JSON.parse(data) as AlertPayload);
      const status = statuses[bodies.length - 1] ?? 200;
      if (status !== 'hang') res.writeHead(status).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/secret-token-path`;
  return { url, bodies, close: () => (server.closeAllConnections(), server.close()) };
}

test('the payload: Slack text plus fields, and the same facts structured', () => {
  const p = alertPayload(verdict, 'https://ci.example.com/run/7');
  expect(p.text).toContain("golden-path gate on *staging*: DON'T SHIP (exit 1)");
  expect(p.text).toContain('1 failing SLA(s) (auth.login.latency)');
  expect(p.text).toContain(`Likely cause: F1 ${CATALOGUE.F1.title}.`);
  expect(p.text).toContain('Report: https://ci.example.com/run/7');
  const fields = Object.fromEntries((p.attachments[0]?.fields ?? []).map((f) => [f.title, f.value]));
  expect(fields).toMatchObject({
    Environment: 'staging',
    'Failing SLAs': '• SLA auth.login.latency breached on staging: 1.1 s > 500 ms (n=1)',
    'Likely causes': `• F1 ${CATALOGUE.F1.title}`,
    Report: 'https://ci.example.com/run/7',
  });
  expect(p.goldenPath).toMatchObject({
    environment: 'staging',
    verdict: 'dont-ship',
    exitCode: 1,
    failingSlas: [{ id: 'auth.login.latency' }],
  });
});

test('delivered with one POST', async () => {
  const r = await receiver([200]);
  try {
    expect(await sendAlert(r.url, alertPayload(verdict), { retryDelayMs: 10 })).toEqual({
      delivered: true,
      attempts: 1,
    });
    expect(r.bodies).toHaveLength(1);
    expect(r.bodies[0]?.goldenPath.failingSlas[0]?.id).toBe('auth.login.latency');
  } finally {
    r.close();
  }
});

test('a failed first POST is retried once', async () => {
  const r = await receiver([500, 200]);
  try {
    expect(await sendAlert(r.url, alertPayload(verdict), { retryDelayMs: 10 })).toEqual({
      delivered: true,
      attempts: 2,
    });
    expect(r.bodies).toHaveLength(2);
  } finally {
    r.close();
  }
});

test('still failing after the retry: reported, without the (secret) webhook URL', async () => {
  const r = await receiver([500, 502]);
  try {
    const result = await sendAlert(r.url, alertPayload(verdict), { retryDelayMs: 10 });
    expect(result).toEqual({ delivered: false, attempts: 2, error: 'the webhook answered HTTP 502' });
    expect(r.bodies).toHaveLength(2);
  } finally {
    r.close();
  }
});

test('a receiver that never answers is cut by the timeout, twice', async () => {
  const r = await receiver(['hang', 'hang']);
  try {
    const t0 = Date.now();
    const result = await sendAlert(r.url, alertPayload(verdict), { timeoutMs: 300, retryDelayMs: 10 });
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(result).toEqual({ delivered: false, attempts: 2, error: 'no answer within 300 ms' });
  } finally {
    r.close();
  }
});

test('an unreachable receiver: connection refused, URL not shown', async () => {
  const r = await receiver([]);
  r.close();
  const result = await sendAlert(r.url, alertPayload(verdict), { retryDelayMs: 10 });
  expect(result).toEqual({ delivered: false, attempts: 2, error: 'connection refused' });
});
