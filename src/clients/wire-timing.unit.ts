// A request's time on the wire: from undici taking it until its last byte is parsed, not until the caller reads
// the body (as k6's res.timings time a request); nothing when no answer came.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { expect, test } from '@playwright/test';
import { request } from 'undici';
import { wireTimed } from './wire-timing.ts';

let server: Server;
let url: string;

test.beforeAll(async () => {
  server = createServer((_req, res) => res.end('{"status":"ok"}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
});
test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('the span ends when the answer is complete, not when the caller reads it', async () => {
  const call = wireTimed(() => request(url));
  const res = await call.result;
  const readAfterMs = 1500;
  await delay(readAfterMs);
  expect(await res.body.text()).toBe('{"status":"ok"}');
  const ms = call.ms();
  expect(ms).toBeGreaterThan(0);
  expect(ms).toBeLessThan(readAfterMs);
});

test('two requests started together each get their own span', async () => {
  const calls = [wireTimed(() => request(url)), wireTimed(() => request(url))];
  await Promise.all(calls.map(async (c) => (await c.result).body.text()));
  for (const c of calls) expect(c.ms()).toBeGreaterThan(0);
});

test('no answer (connection refused) has no wire time', async () => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const call = wireTimed(() => request(`http://127.0.0.1:${port}/`));
  await expect(call.result).rejects.toThrow();
  expect(call.ms()).toBeUndefined();
});

test('a call that starts no undici request leaves the next one unclaimed', async () => {
  const none = wireTimed(() => 42);
  expect(none.result).toBe(42);
  expect(none.ms()).toBeUndefined();
  const call = wireTimed(() => request(url));
  await (await call.result).body.text();
  expect(call.ms()).toBeGreaterThan(0);
});
