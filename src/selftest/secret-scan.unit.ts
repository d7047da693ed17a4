// The secret scan finds a password in a file, a JWT in a base64 attachment body, in a zip or base64url-encoded; a clean folder passes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
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
  // The base64 body is itself a base64-encoded JWT: found as that, then decoded and found again.
  expect(hits).toEqual([
    '/log.txt: TEST_USER_PASSWORD',
    '/report.json: a base64url-encoded JWT',
    '/report.json (attachment): a JWT',
  ]);
});

/** A one-entry zip (deflated), as Playwright's HTML report embeds its data. */
function zipOf(name: string, text: string): Buffer {
  const data = deflateRawSync(Buffer.from(text));
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt16LE(name.length, 28);
  const cdStart = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(cdStart, 16);
  return Buffer.concat([local, Buffer.from(name), data, central, Buffer.from(name), end]);
}

test('a token inside the HTML report embedded zip, and a base64url-encoded JWT, are found', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gp-scan-'));
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyMSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
  const zip = zipOf('abc.json', `{"error":"refused hunter2-secret"}`).toString('base64');
  writeFileSync(join(dir, 'index.html'), `<script>data:application/zip;base64,${zip}</script>`);
  writeFileSync(join(dir, 'frames.txt'), `offered jwt.${Buffer.from(jwt).toString('base64url')}`);
  const hits = scanForSecrets([dir], needles).hits.map((h) => `${h.file.replace(dir, '')}: ${h.what}`);
  expect(hits).toEqual([
    '/frames.txt: a base64url-encoded JWT',
    '/index.html (embedded zip) (abc.json): TEST_USER_PASSWORD',
  ]);
});
