// Unit tests of the TLS inspection against local servers with throwaway certificates (made with openssl).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import { expect, test } from '@playwright/test';
import { buildSlaTable } from '../config/sla-table.ts';
import { judge } from '../sla/judge.ts';
import { certificateProblems, inspectCertificate, isTlsUrl } from './tls.ts';

const servers: Server[] = [];
const daysLeft = buildSlaTable({})['tls.cert.days_left'];

/** A self-signed certificate for `localhost`, valid for `days`. */
function certificate(days: number): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'gp-tls-'));
  const key = join(dir, `key-${days}.pem`);
  const cert = join(dir, `cert-${days}.pem`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      String(days),
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  try {
    return { key: readFileSync(key), cert: readFileSync(cert) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function serve(pair: { key: Buffer; cert: Buffer }): Promise<number> {
  const server = createServer(pair, (socket) => socket.end());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, resolve));
  return (server.address() as AddressInfo).port;
}

test.afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

test('a trusted certificate close to expiry: chain fine, tls.cert.days_left breached', async () => {
  const pair = certificate(5);
  const port = await serve(pair);
  const report = await inspectCertificate(`https://localhost:${port}`, { timeoutMs: 5000, ca: pair.cert });
  expect(certificateProblems(report)).toEqual([]);
  expect(report.daysLeft).toBeGreaterThan(4);
  expect(report.daysLeft).toBeLessThanOrEqual(5);
  const result = judge(daysLeft, 'unit', report.daysLeft ?? Number.NaN);
  expect(result.status).toBe('failed');
  expect(result.message).toMatch(/^SLA tls\.cert\.days_left breached on unit: 4 days < \d+ days/);
});

test('an untrusted (self-signed) chain and a host the certificate does not name are problems', async () => {
  const pair = certificate(90);
  const port = await serve(pair);
  const untrusted = await inspectCertificate(`https://localhost:${port}`, { timeoutMs: 5000 });
  expect(certificateProblems(untrusted)).toEqual([
    `certificate of localhost:${port} (localhost, issued by localhost) is not trusted: DEPTH_ZERO_SELF_SIGNED_CERT`,
  ]);
  const wrongHost = await inspectCertificate(`wss://127.0.0.1:${port}/ws`, {
    timeoutMs: 5000,
    ca: pair.cert,
  });
  expect(certificateProblems(wrongHost)).toEqual([
    expect.stringMatching(
      /^certificate of 127\.0\.0\.1:\d+ is not valid for the host: .*IP: 127\.0\.0\.1 is not in the cert's list/,
    ),
  ]);
  expect(judge(daysLeft, 'unit', wrongHost.daysLeft ?? Number.NaN).status).toBe('passed');
});

test('no TLS at all is a problem naming the endpoint', async () => {
  const port = await serve(certificate(90));
  servers.at(-1)?.close();
  await expect
    .poll(async () => (await inspectCertificate(`https://127.0.0.1:${port}`, { timeoutMs: 2000 })).error, {
      message: 'a closed port refuses the handshake',
    })
    .toBe('connection refused');
  expect(isTlsUrl('http://127.0.0.1:1')).toBe(false);
  expect(isTlsUrl('wss://api.test/ws')).toBe(true);
});
