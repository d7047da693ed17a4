// ChatSession against a scripted target: a thread created first, the question sent over HTTP, the connection id
// named in failures and evidence, and HTTP steps authenticated the way the profile's header carrier says.
import { expect, test } from '@playwright/test';
import type { Profile } from '../../profiles/define.ts';
import { at, json, ScriptedTarget } from '../testing/scripted-target.ts';
import { configFor, relay } from '../testing/test-profile.ts';
import { clientEvidence } from './client-evidence.ts';
import { GoldenPathClient } from './golden-path-client.ts';
import { journeyTimeline } from './timeline.ts';

const TOKEN = 'relay-token-for-sessions';
let target: ScriptedTarget;
let client: GoldenPathClient | undefined;

test.beforeEach(async () => {
  target = await ScriptedTarget.start();
  target.routes['POST /v2/session'] = json(200, { jwt: TOKEN });
  // An opaque token: whom it stands for comes from the profile's "who am I" call.
  target.routes['GET /v2/whoami'] = json(200, { uid: 'u-1' });
  target.onConnection = (socket) =>
    socket.send(JSON.stringify(at({ op: 'hello', 'conn.id': 'c-42', 'conn.user': 'u-1' })));
  // Every question over the socket gets a run: begin, then finish with the answer.
  target.onMessage = (socket, message) => answer(socket, (message as { conversation?: string }).conversation);
});
test.afterEach(async () => {
  await client?.closeAll();
  client = undefined;
  await target.close();
});

function answer(
  socket: { send(data: string): void },
  conversation: string | undefined,
  last = 'finish',
): void {
  socket.send(JSON.stringify({ op: 'begin', run: 'r-1', conversation }));
  socket.send(JSON.stringify({ op: last, run: 'r-1', conversation, answer: 'the answer' }));
}

async function open(profile: Profile) {
  const config = await configFor(target.url, profile);
  client = new GoldenPathClient(config);
  const { token } = await client.auth.acquireToken(config.users[0]);
  return { config, client, session: await client.connect(token) };
}

const threads = relay((p) => ({
  ...p,
  send: {
    ...p.send,
    createThread: {
      method: 'POST',
      path: '/v2/threads',
      body: { title: '{{text}}' },
      threadIdPath: ['thread.key'],
    },
  },
}));
const overHttp = relay((p) => ({
  ...p,
  send: {
    ...p.send,
    http: { method: 'POST', path: '/v2/messages', body: { q: '{{text}}', conversation: '{{thread_id?}}' } },
  },
}));

test('a question without a thread creates one first (authenticated by the header carrier) and sends its id', async () => {
  target.routes['POST /v2/threads'] = json(201, { thread: { key: 'th-9' } });
  const { session } = await open(threads);
  const run = await session.ask('first question');
  expect(run.error?.message).toBeUndefined();
  expect(run.threadId).toBe('th-9');
  const [create] = target.calls('POST', '/v2/threads');
  expect(create?.headers['x-relay-key']).toBe(`Key ${TOKEN}`);
  expect(create?.body).toEqual({ title: 'first question' });
  const followUp = await session.ask('second question');
  expect(followUp.terminal).toBe('completed');
  expect(target.calls('POST', '/v2/threads'), 'the follow-up stays in the thread').toHaveLength(1);
  expect(target.messages.map((m) => (m as { conversation?: string }).conversation)).toEqual(['th-9', 'th-9']);
});

test('a failed thread step is THREAD_CREATE_FAILED naming the URL and the status; nothing is sent', async () => {
  target.routes['POST /v2/threads'] = json(500, { detail: 'db down' });
  const { session } = await open(threads);
  const run = await session.ask('first question');
  expect(run.error?.code).toBe('THREAD_CREATE_FAILED');
  expect(run.error?.message).toBe(
    `THREAD_CREATE_FAILED: create thread POST ${target.url}/v2/threads answered 500 (expected 2xx with a thread id at thread.key): {"detail":"db down"}\n` +
      `Likely cause: F7 service unavailable (cold start, 5xx burst) — 1 response(s) with 5xx, e.g. 500 at ${target.url}/v2/threads`,
  );
  expect(target.messages).toEqual([]);
  expect(session.runs).toEqual([run]);
});

test('send.http posts the question while the events arrive on the socket; sentAt is stamped before the request', async () => {
  target.onMessage = () => undefined;
  target.routes['POST /v2/messages'] = (req, res) => {
    res.writeHead(202).end();
    answer(target.sockets[0] as { send(data: string): void }, undefined);
  };
  const { session } = await open(overHttp);
  const run = await session.ask('over http');
  expect(run.error?.message).toBeUndefined();
  expect(run.answer).toBe('the answer');
  expect(target.messages, 'nothing was sent on the socket').toEqual([]);
  const [post] = target.calls('POST', '/v2/messages');
  expect(post?.body).toEqual({ q: 'over http' });
  expect(post?.headers['x-relay-key']).toBe(`Key ${TOKEN}`);
  expect(run.sentAt).toBeLessThanOrEqual(post?.at ?? Number.NaN);
  expect(run.frames[0]?.at).toBeGreaterThan(run.sentAt);
});

test('send.http refused is SEND_FAILED naming the URL and the status', async () => {
  target.routes['POST /v2/messages'] = json(503, {});
  const { session } = await open(overHttp);
  const run = await session.ask('over http');
  expect(run.error?.code).toBe('SEND_FAILED');
  expect(run.error?.message.split('\n')[0]).toBe(
    `SEND_FAILED: send question POST ${target.url}/v2/messages answered 503 (expected 2xx): {}`,
  );
});

test('a failing run names its connection, in the message, the evidence and the timeline', async () => {
  target.onMessage = (socket, message) =>
    answer(socket, (message as { conversation?: string }).conversation, 'fail');
  const { session, client: c } = await open(relay((p) => p));
  expect(session.connectionId).toBe('c-42');
  const run = await session.ask('doomed');
  expect(run.error?.code).toBe('AGENT_ERROR');
  expect(run.error?.message).toMatch(
    /^AGENT_ERROR: fail at \+0\.\ds after the question on connection c-42: /,
  );
  expect(clientEvidence(c, run.error?.message).upgrades?.map((u) => u.connectionId)).toEqual(['c-42']);
  const phases = journeyTimeline(c).phases.filter((p) => p.connectionId !== undefined);
  expect(phases.map((p) => [p.name, p.connectionId])).toEqual([
    ['connect #1 → ready', 'c-42'],
    ['run 1: question → failure', 'c-42'],
  ]);
});

test('the ticket request is authenticated by the header carrier; without one, by a bearer token', async () => {
  target.routes['POST /v2/ticket'] = json(200, { pass: 't-1' });
  const ticket = { method: 'POST', path: '/v2/ticket', ticketPath: ['pass'], param: 'pass' } as const;
  const { session } = await open(relay((p) => ({ ...p, ws: { ...p.ws, ticket } })));
  await client?.connect(TOKEN, { ticket: true });
  const noHeader = relay((p) => ({
    ...p,
    ws: { ...p.ws, ticket, carriers: [{ kind: 'subprotocol', entries: ['relay.{{token}}'] }] },
  }));
  await session.close();
  await client?.closeAll();
  await open(noHeader);
  await client?.connect(TOKEN, { ticket: true });
  expect(
    target.calls('POST', '/v2/ticket').map((r) => [r.headers['x-relay-key'], r.headers.authorization]),
  ).toEqual([
    [`Key ${TOKEN}`, undefined],
    [undefined, `Bearer ${TOKEN}`],
  ]);
});

test('the socket must serve the identity "who am I" names, exactly: another is F22, none is no pass', async () => {
  target.routes['GET /v2/whoami'] = json(200, { uid: 'u-10' });
  const wrong = await open(relay((p) => p)).catch((e: unknown) => e);
  expect(wrong).toMatchObject({ code: 'WS_WRONG_IDENTITY', finding: { class: 'F22' } });
  expect(String(wrong)).toContain('serves user "u-1"');
  delete target.routes['GET /v2/whoami'];
  const unknown = await open(relay((p) => p)).catch((e: unknown) => e);
  expect(unknown).toMatchObject({ code: 'IDENTITY_UNKNOWN', finding: { class: 'PROFILE' } });
});

test('authEnforced: false makes the identity binding not applicable, said so, never checked as passed', async () => {
  target.routes['GET /v2/whoami'] = json(200, { uid: 'u-10' });
  const { session } = await open(relay((p) => ({ ...p, authEnforced: false })));
  expect(session.userId).toBeUndefined();
  expect(session.identityNotApplicable).toContain('authEnforced: false');
  expect(target.calls('GET', '/v2/whoami')).toHaveLength(0);
});
