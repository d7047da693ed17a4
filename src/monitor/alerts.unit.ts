// Alerts on change against a real webhook receiver on a loopback port and a real SQLite history: one alert per
// transition, none while the state holds, reminders on schedule, retries through the RetryAgent, a dead webhook
// recorded as not delivered, secrets never sent.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { registerSecret } from '../protocol/redaction.ts';
import { openHistoryStore } from '../history/location.ts';
import type { HistoryStore, RunRecord } from '../history/types.ts';
import { Alerter } from './alerts.ts';
import { at, sampleRun } from './sample-runs.ts';

interface Receiver {
  url: string;
  bodies: Record<string, unknown>[];
  /** Statuses to answer before the 200s (a webhook that fails, then recovers). */
  failFirst: number[];
  server: Server;
}

async function receiver(): Promise<Receiver> {
  const r: Receiver = { url: '', bodies: [], failFirst: [], server: undefined as unknown as Server };
  r.server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const status = r.failFirst.shift() ?? 200;
      if (status === 200) r.bodies.push(JSON.parse(text) as Record<string, unknown>);
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => r.server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}/hook`;
  return r;
}

let dir: string;
let store: HistoryStore;
let hook: Receiver;
test.beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gp-alerts-'));
  store = await openHistoryStore({ kind: 'sqlite', path: join(dir, 'h.db') });
  hook = await receiver();
});
test.afterEach(async () => {
  hook.server.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Records the run (as the monitor's loop does) and lets the alerter judge it, at the run's own end. */
async function feed(alerter: Alerter, run: RunRecord, sequence: number) {
  await store.record(run);
  return alerter.onRun({ sequence, run, changed: true });
}

test('alerts on transitions only: red with its Finding and since, silence while red, recovery with the outage', async () => {
  let now = Date.parse(at(0));
  const alerter = new Alerter({ url: hook.url, format: 'json', store, now: () => now });
  const states = ['passed', 'failed', 'failed', 'failed', 'passed', 'passed'] as const;
  const sent = [];
  for (const [i, state] of states.entries()) {
    now = Date.parse(at(i)) + 30_000;
    sent.push((await feed(alerter, sampleRun(state, at(i)), i + 1))?.message.kind);
  }
  await alerter.close();
  expect(sent).toEqual([undefined, 'failing', undefined, undefined, 'recovered', undefined]);
  expect(hook.bodies).toHaveLength(2);
  const [failing, recovered] = hook.bodies;
  expect(failing).toMatchObject({
    kind: 'failing',
    state: 'failed',
    since: at(1),
    finding: { class: 'F1', code: 'auth.login.status' },
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    requestId: 'req-42',
  });
  expect(String(failing?.text)).toContain('F1 login answered 503');
  // Red from the start of run 1 (10:01) to the end of the green run 4 (10:04:30).
  expect(recovered).toMatchObject({ kind: 'recovered', since: at(1), outageMs: 3 * 60_000 + 30_000 });
  expect(String(recovered?.text)).toContain('after 3 min 30 s red');
  const stored = await store.lastAlert('local', 'run');
  expect(stored).toMatchObject({ kind: 'recovered', delivered: true });
});

test('while red, a reminder once the interval has passed since the last alert', async () => {
  let now = 0;
  const alerter = new Alerter({ url: hook.url, format: 'json', store, remindMs: 3 * 60_000, now: () => now });
  const kinds = [];
  for (let i = 0; i < 6; i++) {
    now = Date.parse(at(i)) + 30_000;
    kinds.push((await feed(alerter, sampleRun('failed', at(i)), i + 1))?.message.kind);
  }
  await alerter.close();
  expect(kinds).toEqual(['failing', undefined, undefined, 'reminder', undefined, undefined]);
  expect(hook.bodies[1]).toMatchObject({ kind: 'reminder', since: at(0) });
});

test('Slack format; retried through the RetryAgent on 503; the state survives a restart through the store', async () => {
  hook.failFirst = [503, 503];
  const first = new Alerter({ url: hook.url, format: 'slack', store, minBackoffMs: 10 });
  const out = await feed(first, sampleRun('failed', at(0)), 1);
  await first.close();
  expect(out?.delivered).toBe(true);
  expect(hook.bodies).toHaveLength(1);
  expect(hook.bodies[0]).toMatchObject({
    text: expect.stringContaining('FAILING'),
    blocks: expect.any(Array),
  });
  // A new monitor process (a restart while red) does not page again.
  const second = new Alerter({ url: hook.url, format: 'slack', store });
  expect(await feed(second, sampleRun('failed', at(1)), 1)).toBeUndefined();
  await second.close();
});

test('a dead webhook is recorded as not delivered, in one line, and never throws', async () => {
  hook.server.close();
  const alerter = new Alerter({ url: hook.url, format: 'json', store, retries: 1, minBackoffMs: 10 });
  const out = await feed(alerter, sampleRun('failed', at(0)), 1);
  await alerter.close();
  expect(out).toMatchObject({ delivered: false });
  expect(out?.error).not.toContain('\n');
  expect(await store.lastAlert('local', 'run')).toMatchObject({ kind: 'failing', delivered: false });
});

test('secrets never leave in an alert', async () => {
  const secret = 'sk-live-9f8e7d6c5b4a39281706';
  registerSecret(secret);
  const alerter = new Alerter({ url: hook.url, format: 'json', store });
  await feed(alerter, sampleRun('failed', at(0), `login answered 503 for password ${secret}`), 1);
  await alerter.close();
  expect(JSON.stringify(hook.bodies)).not.toContain(secret);
  expect(hook.bodies).toHaveLength(1);
});
