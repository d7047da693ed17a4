// Sockets of one user: a scripted product that fans a user's turns out to every socket of that user is no breach;
// the same fan-out reaching another user is (F10), named, with the frame redacted. Its frames carry no ids at all.
import { expect, test } from '@playwright/test';
import { drain } from '../diagnosis/trail.ts';
import { ScriptedTarget } from '../testing/scripted-target.ts';
import { configFor } from '../testing/test-profile.ts';
import { newRequestMarker } from './cross-user-frames.ts';
import { GoldenPathClient } from './golden-path-client.ts';
import { judgeIsolation } from './isolation.ts';

let target: ScriptedTarget;
let client: GoldenPathClient | undefined;

test.beforeEach(async () => {
  target = await ScriptedTarget.start();
});
test.afterEach(async () => {
  await client?.closeAll();
  client = undefined;
  await target.close();
});

/**
 * Opens one socket per entry (`user`, socket label) in order; the product sends every question's frames (no user,
 * run or thread id: the question's text is all that ties them to it) to every socket of `fanOut(socket)`.
 */
async function fanOutProduct(sockets: readonly { user: string; label: string }[], fanOut: 'user' | 'all') {
  const owners = sockets.map((s) => s.user);
  target.onConnection = (socket) =>
    socket.send(
      JSON.stringify({ op: 'hello', conn: { id: `c-${target.sockets.length}`, user: owners.shift() } }),
    );
  target.onMessage = (socket, message) => {
    const text = (message as { text: string }).text;
    const from = sockets[target.sockets.indexOf(socket)]?.user;
    const to = target.sockets.filter((_, i) => fanOut === 'all' || sockets[i]?.user === from);
    for (const s of to) s.send(JSON.stringify({ op: 'begin', note: 'working on it' }));
    for (const s of to) s.send(JSON.stringify({ op: 'finish', answer: `You asked: ${text}` }));
  };
  const config = await configFor(target.url);
  client = new GoldenPathClient(config);
  const open = [];
  for (const s of sockets) {
    const session = await client.connect(`token-of-${s.user}`, { identity: s.user });
    open.push({ ...s, marker: newRequestMarker(s.user.toLowerCase()), session });
  }
  const runs = await Promise.all(open.map((p) => p.session.ask(`my private plans (${p.marker})`)));
  return open.map((p, i) => ({ ...p, run: runs[i]! }));
}

test('two sockets of one user both receive its turns: a fan-out, no breach, each run correlated by its marker', async () => {
  const participants = await fanOutProduct(
    [
      { user: 'A', label: 'A-tab-1' },
      { user: 'A', label: 'A-tab-2' },
    ],
    'user',
  );
  const report = judgeIsolation(participants);
  expect(report.breaches).toEqual([]);
  expect(report.sharedIdentity).toBeUndefined();
  expect(report.fanOut.length).toBeGreaterThanOrEqual(2);
  expect(report.fanOut[0]).toContain('another socket of the same user');
  for (const p of participants) {
    expect(p.run.terminal).toBe('completed');
    // Its own answer, not the other tab's (no run id: the marker it sent is what ties them).
    expect(p.run.answer).toBe(`You asked: my private plans (${p.marker})`);
  }
});

test('the same fan-out reaching another user is a breach naming who saw whose marker, the frame redacted', async () => {
  drain();
  const participants = await fanOutProduct(
    [
      { user: 'A', label: 'user-A' },
      { user: 'B', label: 'user-B' },
    ],
    'all',
  );
  const report = judgeIsolation(participants);
  const markerOfA = participants[0]!.marker;
  expect(report.breaches.join('\n')).toContain(
    `isolation breach: user-B received user-A's marker ${markerOfA}`,
  );
  expect(report.breaches.join('\n')).toContain(`user-A received user-B's marker`);
  expect(report.breaches.join('\n')).not.toContain('private plans');
  expect(drain().map((f) => [f.class, f.code])).toContainEqual(['F10', 'isolation.cross-user-frame']);
});
