// Handshake and capacity faults on the wire: F3 race 1011, F7 cold-start 5xx burst, F11 capacity cliff, F23 idle drop.
import { expect, test } from '@playwright/test';
import { startReferenceTarget, type RunningTarget } from '../server.ts';
import { ALICE, call, login, type LoggedIn } from './http-client.ts';
import { FrameClient, ask, connectWithHeader, wsUrl } from './ws-client.ts';

let target: RunningTarget;
let alice: LoggedIn;
test.beforeAll(async () => {
  target = await startReferenceTarget({ port: 0, log: 'silent', phaseDelayMs: [5, 20], streamChunks: 2 });
  alice = await login(target.url, ALICE);
});
test.afterAll(async () => {
  await target.close();
});
test.afterEach(() => target.setFaults(''));

const headerAuth = (token: string): { headers: Record<string, string> } => ({
  headers: { authorization: `Bearer ${token}` },
});

test('F3 ws-race-1011: the upgrade is accepted (101, jwt-auth echoed), then closed 1011 before any frame', async () => {
  target.setFaults('ws-race-1011');
  const client = new FrameClient(wsUrl(target.url), ['jwt-auth'], headerAuth(alice.token));
  await client.opened();
  expect(client.protocol).toBe('jwt-auth');
  expect(await client.closed).toEqual({ code: 1011, reason: 'internal error' });
  expect(client.frames).toEqual([]);
});

test('F3 ws-race-1011:0.5 fails a seeded share of handshakes, the same ones every time', async () => {
  const outcomes = async (): Promise<number[]> => {
    target.setFaults('ws-race-1011:0.5');
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      const client = new FrameClient(wsUrl(target.url), [], headerAuth(alice.token));
      await client.opened();
      await client
        .until((f) => f.length > 0 || client.ws.readyState === client.ws.CLOSED, 'ready frame or close')
        .catch(() => []);
      const ready = client.frames.some((f) => f.type === 'connection_established');
      await client.close();
      codes.push(ready ? 0 : (await client.closed).code);
    }
    return codes;
  };
  const first = await outcomes();
  expect(await outcomes()).toEqual(first);
  expect(first.filter((c) => c === 1011).length).toBeGreaterThan(0);
  expect(first.filter((c) => c === 0).length).toBeGreaterThan(0);
});

test('F7 cold-start-5xx:4: the first four service requests answer 503/500 alternately, then service resumes', async () => {
  target.setFaults('cold-start-5xx:4');
  expect((await call(target.url, '/login')).status).toBe(200);
  const statuses = [];
  for (const path of ['/health', '/auth/health', '/health/ready', '/auth/login'])
    statuses.push((await call(target.url, path)).status);
  expect(statuses).toEqual([503, 500, 503, 500]);
  expect((await call(target.url, '/health')).status).toBe(200);
});

test('F7 cold-start-5xx: WebSocket upgrades during the burst are answered 503', async () => {
  target.setFaults('cold-start-5xx:2');
  const first = new FrameClient(wsUrl(target.url), [], headerAuth(alice.token));
  expect((await first.rejection()).status).toBe(503);
  expect((await call(target.url, '/health')).status).toBe(500);
  const after = await connectWithHeader(target.url, alice.token);
  await after.close();
});

test('F11 capacity-cliff:2: a third connection is accepted then closed 1011, and runs at capacity crawl', async () => {
  const c1 = await connectWithHeader(target.url, alice.token);
  const baseline = Number((await ask(c1, 'how fast at low load?')).at(-1)?.duration_ms);
  target.setFaults('capacity-cliff:2');
  const c2 = await connectWithHeader(target.url, alice.token);
  const c3 = new FrameClient(wsUrl(target.url), [], headerAuth(alice.token));
  await c3.opened();
  expect((await c3.closed).code).toBe(1011);
  const atCapacity = Number((await ask(c1, 'how fast at capacity?', undefined, 20_000)).at(-1)?.duration_ms);
  expect(atCapacity).toBeGreaterThan(baseline * 4);
  await Promise.all([c1.close(), c2.close()]);
});

test('F23 idle-drop:200: a silent connection is destroyed without a close frame (1006); traffic keeps it open', async () => {
  target.setFaults('idle-drop:200');
  const busy = new FrameClient(wsUrl(target.url), ['jwt-auth'], headerAuth(alice.token));
  await busy.opened();
  // A control ping every 100 ms is traffic: the timer restarts, the socket outlives the idle timeout.
  const pings = setInterval(() => busy.ws.ping(), 100);
  const silent = new FrameClient(wsUrl(target.url), ['jwt-auth'], headerAuth(alice.token));
  await silent.opened();
  expect((await silent.closed).code).toBe(1006);
  expect(busy.ws.readyState).toBe(busy.ws.OPEN);
  clearInterval(pings);
  busy.ws.close();
});
