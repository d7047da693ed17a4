// The secret scan finds a password in a file, a JWT in a base64 attachment body, and passes a clean folder.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { scanForSecrets } from './secret-scan.ts';

const needles = [{ label: 'TEST_USER_PASSWORD', value: 'hunter2-secret' }];

test('a clean folder has no hits', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gp-scan-'));
  writeFileSync(join(dir, 'a.txt'), 'token [redacted] and password "[redacted]"');
  expect(scanForSecrets([dir], needles).hits).toEqual([]);
});

test('a password in a file and a JWT in a base64 attachment body are found', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gp-scan-'));
  writeFileSync(join(dir, 'log.txt'), 'login with hunter2-secret');
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyMSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
  writeFileSync(
    join(dir, 'report.json'),
    JSON.stringify({ attachments: [{ body: Buffer.from(`{"t":"${jwt}"}`).toString('base64') }] }),
  );
  const hits = scanForSecrets([dir], needles).hits.map((h) => `${h.file.replace(dir, '')}: ${h.what}`);
  expect(hits).toEqual(['/log.txt: TEST_USER_PASSWORD', '/report.json (attachment): a JWT']);
});
