// The status page opened in a real Chromium: each check's state and since when, the 24 h strip, the open Findings,
// and not one request leaving the file (no CDN, no analytics, no script). Needs no target: only the run's browser.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { test } from '../../fixtures/environment.ts';
import { openHistoryStore } from '../../src/history/location.ts';
import { statusPageHtml } from '../../src/monitor/status-page.ts';
import { at, sampleRun } from '../../src/monitor/sample-runs.ts';

test('the status page shows state, since when, the last 24 h and the open findings, and requests nothing', async ({
  browser,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'gp-status-'));
  const store = await openHistoryStore({ kind: 'sqlite', path: join(dir, 'h.db') });
  try {
    for (const [i, state] of (['passed', 'passed', 'failed', 'failed'] as const).entries())
      await store.record(sampleRun(state, at(i), 'login answered <503> & "unavailable"'));
    const file = join(dir, 'status.html');
    writeFileSync(file, await statusPageHtml(store, { environment: 'local', now: new Date(at(30)) }));

    const context = await browser.newContext();
    const page = await context.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(`file://${file}`);
    await expect(page.getByRole('heading', { name: 'Golden Path status' })).toBeVisible();
    await expect(page.locator('#overall')).toHaveText('failed');
    const row = page.getByRole('row', { name: /protocol-journey/ });
    await expect(row.getByRole('cell').first()).toHaveText('failed');
    await expect(row.locator('time')).toHaveAttribute('datetime', at(2));
    await expect(row.getByRole('listitem')).toHaveCount(4);
    await expect(row.getByRole('listitem').last()).toHaveAttribute('title', `${at(3)} failed`);
    const findings = page.getByRole('listitem').filter({ hasText: 'auth.login.status' });
    await expect(findings).toHaveText(/F1 auth\.login\.status login answered <503> & "unavailable"/);
    await expect(findings).toContainText('trace 4bf92f3577b34da6a3ce929d0e0e4736, request req-42');
    expect(requested.filter((u) => !u.startsWith('file://'))).toEqual([]);
    await context.close();
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
