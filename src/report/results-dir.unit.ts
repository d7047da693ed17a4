// Unit tests of the allure-results post-processing: journey waterfalls, and finding an SLA's source test.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  addWaterfalls,
  earliestStart,
  reportAnchor,
  type ResultFile,
  sourceKey,
  sourceLinks,
  waterfallFor,
} from './results-dir.ts';

const journey = (uuid: string, start: number, tags = ['golden-path']): ResultFile => ({
  uuid,
  name: 'a user logs in, asks a question and gets the answer streamed back',
  start,
  stop: start + 4000,
  labels: [
    {
      name: 'titlePath',
      value: ' > local > tests/golden-path/protocol-journey.spec.ts > Golden Path journey over the protocol',
    },
    ...tags.map((value) => ({ name: 'tag', value })),
  ],
  steps: [
    { name: 'Before Hooks', start, stop: start + 300 },
    { name: 'log in', start: start + 300, stop: start + 450 },
    { name: 'send the question', start: start + 450, stop: start + 3900, status: 'failed' },
    { name: 'error-context', start: start + 3950, stop: start + 3950, attachments: [{}] },
    { name: 'After Hooks', start: start + 3950, stop: start + 4000 },
  ],
  attachments: [],
});

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'gp-results-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a journey gets a waterfall of its steps, hooks and attachment entries left out', () => {
  const svg = waterfallFor(journey('u1', 1000)) ?? '';
  expect(svg).toContain('log in');
  expect(svg).toContain('send the question');
  expect(svg).not.toContain('Hooks');
  expect(svg).not.toContain('error-context');
  expect(waterfallFor(journey('u2', 1000, ['websocket']))).toBeUndefined();
});

test('addWaterfalls writes the SVG beside the result and links it, once', () => {
  withDir((dir) => {
    writeFileSync(join(dir, 'u1-result.json'), JSON.stringify(journey('u1', 1000)));
    writeFileSync(join(dir, 'u2-result.json'), JSON.stringify(journey('u2', 2000, ['infra'])));
    expect(addWaterfalls(dir)).toBe(1);
    expect(addWaterfalls(dir)).toBe(0);
    const result = JSON.parse(readFileSync(join(dir, 'u1-result.json'), 'utf8')) as ResultFile;
    const attachment = result.attachments?.[0];
    expect(attachment?.type).toBe('image/svg+xml');
    expect(readdirSync(dir)).toContain(attachment?.source);
    expect(readFileSync(join(dir, attachment?.source ?? ''), 'utf8')).toMatch(/^<svg /);
  });
});

test('the ledger names a source as the result path says it; the newest result is linked', () => {
  expect(sourceKey(journey('u1', 1000))).toBe(
    'local › Golden Path journey over the protocol › a user logs in, asks a question and gets the answer streamed back',
  );
  withDir((dir) => {
    writeFileSync(join(dir, 'old-result.json'), JSON.stringify(journey('old', 1000)));
    writeFileSync(join(dir, 'new-result.json'), JSON.stringify(journey('new', 9000)));
    const links = sourceLinks(dir);
    expect([...links.values()]).toEqual([reportAnchor('new')]);
    expect(reportAnchor('new')).toMatch(/^#[0-9a-f]{32}$/);
    expect(earliestStart(dir)).toBe(1000);
  });
});
