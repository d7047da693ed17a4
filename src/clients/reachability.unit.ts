// The preflight against a scripted target: the run's first request judged — 503/500 F7, 502/504 F18, refused F13 —
// one line naming the URL and what it answered, within the 10 s an unreachable target has to turn a run red.
import { createServer } from 'node:net';
import { expect, test } from '@playwright/test';
import type { Config } from '../config/index.ts';
import { findingOfError } from '../diagnosis/finding.ts';
import { ScriptedTarget, type Route } from '../testing/scripted-target.ts';
import { configFor } from '../testing/test-profile.ts';
import { checkReachable, expectReachable, firstRequestMs } from './reachability.ts';
import { HttpClient } from './http.ts';

let target: ScriptedTarget;
let config: Config;

const answer =
  (status: number, body = '{"status":"ok"}'): Route =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  };

/** Every service the preflight calls answers `api` for the API's health path and 200 elsewhere. */
function serve(api: Route): void {
  const h = config.profile.health;
  target.routes = {
    [`GET ${h.auth.live.path}`]: answer(200),
    [`GET ${new URL(config.urls.web).pathname}`]: answer(200, '<html></html>'),
    [`GET ${h.api.live.path}`]: api,
  };
}

test.beforeEach(async () => {
  target = await ScriptedTarget.start();
  config = await configFor(target.url);
});
test.afterEach(async () => target.close());

test('a healthy target passes, and its first request is timed', async () => {
  serve(answer(200));
  const http = new HttpClient();
  expect(await checkReachable(config, 2000, http)).toBeUndefined();
  expect(firstRequestMs(http)).toBeGreaterThanOrEqual(0);
  // One request per distinct URL (API and auth share one here): nothing hidden is sent before or after.
  expect(target.requests.map((r) => r.path).sort()).toEqual(
    [...new Set(http.exchanges.map((x) => new URL(x.url).pathname))].sort(),
  );
});

for (const [status, cls, code] of [
  [503, 'F7', 'startup.503'],
  [500, 'F7', 'startup.500'],
  [502, 'F18', 'upstream.502'],
  [504, 'F18', 'upstream.504'],
] as const) {
  test(`the first request answered ${status}: red, ${cls}, one line naming the URL and the status`, async () => {
    serve(answer(status, '{"error":"service_unavailable"}'));
    const url = config.urls.api + config.profile.health.api.live.path;
    const failed = await checkReachable(config, 2000);
    expect(failed?.finding).toMatchObject({ class: cls, code });
    expect(failed?.line).toContain(url);
    expect(failed?.line).toContain(`answered ${status}`);
    expect(failed?.line).not.toContain('\n');
    // Answered once, never retried away.
    expect(target.calls('GET', config.profile.health.api.live.path)).toHaveLength(1);

    const error = await expectReachable(config, 2000).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'TARGET_UNAVAILABLE' });
    expect(findingOfError(error)).toMatchObject({ class: cls, code });
  });
}

test('a refused connection: red within the bound, F13 net.refused, the URL named', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const address = closed.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise((resolve) => closed.close(resolve));
  const refused = await configFor(`http://127.0.0.1:${port}`);

  const started = performance.now();
  const error = await expectReachable(refused, 6000).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(performance.now() - started).toBeLessThan(10_000);
  expect(error).toMatchObject({ code: 'TARGET_UNREACHABLE' });
  const f = findingOfError(error);
  expect(f).toMatchObject({ class: 'F13', code: 'net.refused' });
  expect(f?.summary).toContain(`127.0.0.1:${port}`);
  expect(f?.summary).toContain('connection refused');
});
