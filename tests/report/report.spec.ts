// The HTML report, checked in a real browser: `npm run report` on a run's results, its overview shows the SLA
// suite, one SLA test shows measured vs target and its histogram, and the page makes no request off this machine.
// It needs no target, so it uses Playwright's own test (the harness fixtures would start a reference target), with
// only the run record every suite leaves.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { promisify } from 'node:util';
import { expect } from '@playwright/test';
import { test } from '../../fixtures/run-record.ts';
import { buildSlaTable } from '../../src/config/sla-table.ts';
import { format, judge, type Measurement } from '../../src/sla/judge.ts';
import { appendToLedger } from '../../src/sla/ledger.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const SOURCE =
  'local › Golden Path journey over the protocol › a user logs in, asks a question and gets the answer streamed back';
const table = buildSlaTable({});
const HEALTH_SAMPLES = Array.from({ length: 20 }, (_, i) => 4 + ((i * 7) % 11));

/** A finished run as the suites leave it: an SLA ledger, one journey result from allure-playwright, a load summary. */
function writeRun(dir: string, t0: number): void {
  const record = (id: keyof typeof table, m: Measurement): void =>
    appendToLedger(join(dir, 'ledger', 'run-1'), {
      ...judge(table[id], 'local', m),
      source: SOURCE,
      at: new Date(t0 + 5000).toISOString(),
      ...(Array.isArray(m) ? { samples: [...(m as number[])] } : {}),
    });
  record('auth.login.latency', 140);
  record('health.latency', HEALTH_SAMPLES);
  record('golden_path.e2e', 41_000);

  const results = join(dir, 'allure-results');
  mkdirSync(results, { recursive: true });
  const step = (name: string, from: number, to: number) => ({
    name,
    status: 'passed',
    stage: 'finished',
    start: t0 + from,
    stop: t0 + to,
    steps: [],
    attachments: [],
    parameters: [],
  });
  writeFileSync(
    join(results, 'journey-0001-result.json'),
    JSON.stringify({
      uuid: 'journey-0001',
      name: 'a user logs in, asks a question and gets the answer streamed back',
      fullName: 'tests/golden-path/protocol-journey.spec.ts:7:3',
      historyId: 'journey',
      testCaseId: 'journey',
      status: 'passed',
      stage: 'finished',
      start: t0,
      stop: t0 + 4200,
      labels: [
        {
          name: 'titlePath',
          value:
            ' > local > tests/golden-path/protocol-journey.spec.ts > Golden Path journey over the protocol',
        },
        { name: 'parentSuite', value: 'local' },
        { name: 'suite', value: 'tests/golden-path/protocol-journey.spec.ts' },
        { name: 'subSuite', value: 'Golden Path journey over the protocol' },
        { name: 'tag', value: 'golden-path' },
      ],
      steps: [
        step('log in', 0, 140),
        step('open the WebSocket and wait for the ready frame', 140, 190),
        step('send the question', 190, 4100),
        step('receive the answer', 4100, 4200),
      ],
      attachments: [],
      parameters: [],
      links: [],
    }),
  );

  const trend = (values: Record<string, number>, expression: string, ok: boolean) => ({
    type: 'trend',
    contains: 'time',
    values,
    thresholds: { [expression]: { ok } },
  });
  writeFileSync(
    join(dir, 'latest-ws-concurrency.json'),
    JSON.stringify({
      state: { testRunDurationMs: 10_000 },
      metrics: {
        ws_handshake_duration: trend(
          { avg: 120, min: 40, med: 110, max: 480, 'p(90)': 210, 'p(95)': 260, 'p(99)': 420, count: 50 },
          'p(95)<=1000',
          true,
        ),
        auth_login_duration: trend(
          { avg: 220, min: 90, med: 200, max: 640, 'p(90)': 380, 'p(95)': 450, 'p(99)': 600, count: 50 },
          'p(95)<=500',
          true,
        ),
      },
    }),
  );
}

/** Serves the report directory on a loopback port: Allure 3 loads its data over HTTP, not file://. */
async function serve(dir: string): Promise<{ origin: string; server: Server }> {
  const types: Record<string, string> = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.json': 'application/json',
    '.svg': 'image/svg+xml',
    '.css': 'text/css',
  };
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** The report page of one of the harness's own results: Allure 3 names a result md5(uuid). */
function anchorOf(resultsDir: string, name: string): string {
  for (const f of readdirSync(resultsDir).filter((x) => x.endsWith('-result.json'))) {
    const r = JSON.parse(readFileSync(join(resultsDir, f), 'utf8')) as { uuid: string; name: string };
    if (r.name === name) return `#${createHash('md5').update(r.uuid).digest('hex')}`;
  }
  throw new Error(`no result named ${name} in ${resultsDir}`);
}

test.describe('Allure report', { tag: '@report' }, () => {
  test('npm run report shows the SLA suite, an SLA test with its chart, and loads nothing from outside', async ({
    page,
  }, testInfo) => {
    test.setTimeout(120_000);
    const dir = testInfo.outputPath('run');
    const out = join(dir, 'report');
    writeRun(dir, Date.now() - 60_000);

    const stdout = await test.step('generate the report twice (history carries over)', async () => {
      const args = [
        '--import',
        'tsx',
        'scripts/report.ts',
        '--results',
        join(dir, 'allure-results'),
        '--ledger',
        join(dir, 'ledger'),
      ];
      args.push(
        '--load',
        join(dir, 'latest-ws-concurrency.json'),
        '--out',
        out,
        '--history',
        join(dir, 'history.jsonl'),
      );
      args.push('--sla-json', join(dir, 'sla.json'), '--extra', join(dir, 'harness-results'));
      const run = () => promisify(execFile)(process.execPath, args, { cwd: ROOT, timeout: 90_000 });
      await run();
      return (await run()).stdout;
    });

    expect(stdout).toContain('SLA suite: 3 SLA(s), 1 failed');
    expect(
      readFileSync(join(dir, 'history.jsonl'), 'utf8').trim().split('\n'),
      'one history entry per report',
    ).toHaveLength(2);
    const sla = JSON.parse(readFileSync(join(dir, 'sla.json'), 'utf8')) as {
      slas: Array<{ id: string; pass: boolean }>;
    };
    expect(sla.slas.map((s) => [s.id, s.pass])).toEqual([
      ['auth.login.latency', true],
      ['golden_path.e2e', false],
      ['health.latency', true],
    ]);

    const { origin, server } = await serve(out);
    const outside: string[] = [];
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith(`blob:${origin}/`))
        outside.push(url);
    });
    await page.route(
      (url) => url.origin !== origin && url.protocol.startsWith('http'),
      (route) => route.abort(),
    );
    try {
      await test.step('the overview lists the SLA suite', async () => {
        await page.goto(`${origin}/`);
        const slaSuite = page.getByTestId('tree-section-title').filter({ hasText: /^SLA$/ });
        await slaSuite.scrollIntoViewIfNeeded();
        await expect(slaSuite, 'the SLA suite in the report tree').toBeVisible();
        await expect(
          page.getByTestId('tree-section-title').filter({ hasText: /^Load$/ }),
          'the load suite',
        ).toBeVisible();
        await testInfo.attach('overview.png', { body: await page.screenshot(), contentType: 'image/png' });
      });

      await test.step('an SLA test shows measured vs target and its latency histogram', async () => {
        await page.goto(`${origin}/${anchorOf(join(dir, 'harness-results'), 'health.latency')}`);
        await expect(
          page.getByText('health.latency', { exact: true }).first(),
          'the SLA test page',
        ).toBeVisible();
        await expect(page.getByText('≤ 5.0 s', { exact: true }), 'the target parameter').toBeVisible();
        const measured = format(
          judge(table['health.latency'], 'local', HEALTH_SAMPLES).measured ?? Number.NaN,
          'ms',
        );
        await expect(
          page.getByText(measured, { exact: true }).first(),
          'the measured parameter',
        ).toBeVisible();
        const attachment = page
          .getByTestId('test-result-attachment')
          .filter({ hasText: 'health.latency latency histogram' });
        await attachment.getByText('health.latency latency histogram', { exact: true }).click();
        // Allure shows an image attachment as an <img> of a blob: URL; a broken SVG would load with no width.
        const chart = attachment.locator('img');
        await expect(chart, 'the histogram in the page').toBeVisible();
        await expect
          .poll(() => chart.evaluate((img: HTMLImageElement) => img.naturalWidth), {
            message: 'the histogram SVG decoded',
          })
          .toBeGreaterThan(0);
        await testInfo.attach('sla-test.png', {
          body: await page.screenshot({ fullPage: true }),
          contentType: 'image/png',
        });
      });

      await test.step('the journey has its waterfall', async () => {
        await page.goto(`${origin}/#${createHash('md5').update('journey-0001').digest('hex')}`);
        await expect(
          page.getByText('journey waterfall', { exact: true }),
          'the waterfall attachment',
        ).toBeVisible();
      });
    } finally {
      server.close();
    }
    expect(outside, 'requests that left this machine').toEqual([]);
  });
});
