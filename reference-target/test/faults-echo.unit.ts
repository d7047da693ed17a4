// The leak canary, echo-token-everywhere, in both dialects: the caller's token comes back in a response header (HTTP
// and the 101), in error bodies and in the agent's error frame — what the harness must never let into its reports.
import { expect, test } from '@playwright/test';
import { startReferenceTarget, type RunningTarget } from '../server.ts';
import type { DialectName } from '../settings.ts';
import { ALICE, bearer, call, login } from './http-client.ts';
import { ask, FrameClient, wsUrl } from './ws-client.ts';

for (const dialect of ['default', 'netra-apex'] as const satisfies readonly DialectName[]) {
  test.describe(`echo-token-everywhere [${dialect}]`, () => {
    let target: RunningTarget;
    test.beforeAll(async () => {
      target = await startReferenceTarget({ port: 0, log: 'silent', dialect, phaseDelayMs: [1, 5] });
    });
    test.afterAll(async () => {
      await target.close();
    });

    test('HTTP: the token in a response header and in the error body', async () => {
      const { token } = await login(target.url, ALICE);
      target.setFaults('echo-token-everywhere');
      const answer = await call(target.url, '/no/such/path', { headers: bearer(token) });
      expect(answer.status).toBe(404);
      expect(answer.headers['x-debug-token']).toBe(token);
      expect(answer.text).toContain(token);
      target.setFaults('');
      const clean = await call(target.url, '/no/such/path', { headers: bearer(token) });
      expect(clean.headers['x-debug-token']).toBeUndefined();
      expect(clean.text).not.toContain(token);
    });

    test('WebSocket: the token in the 101 headers and in the agent error frame', async () => {
      const { token } = await login(target.url, ALICE);
      target.setFaults('echo-token-everywhere');
      const client = new FrameClient(wsUrl(target.url), [], { headers: bearer(token) });
      const upgraded = new Promise<string | string[] | undefined>((resolve) =>
        client.ws.once('upgrade', (res) => resolve(res.headers['x-debug-token'])),
      );
      await client.opened();
      expect(await upgraded).toBe(token);
      const frames = await ask(client, 'Which city is the fastest?');
      const last = JSON.stringify(frames.at(-1));
      expect(last).toContain('agent_error');
      expect(last).toContain(token);
      await client.close();
      target.setFaults('');
    });
  });
}
