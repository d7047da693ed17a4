// Real sockets: refused, reset and a TLS handshake against plain TCP each reach diagnosis as their own fact.
import { createServer, type Server, type Socket } from 'node:net';
import { expect, test } from '@playwright/test';
import { networkFailure } from './errors.ts';
import { HttpClient } from './http.ts';
import { findingOfError } from '../diagnosis/finding.ts';

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

async function failureOf(url: string): Promise<{ cls?: string; code?: string; message: string }> {
  const error = await new HttpClient().call(url, { what: 'login', timeoutMs: 3000, expectJson: true }).then(
    () => undefined,
    (e: unknown) => e,
  );
  const f = findingOfError(error);
  return { cls: f?.class, code: f?.code, message: String((error as Error | undefined)?.message) };
}

test('a closed port: F13 net.refused, the URL named', async () => {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  const got = await failureOf(`http://127.0.0.1:${port}/auth/login`);
  expect(got).toMatchObject({ cls: 'F13', code: 'net.refused' });
  expect(got.message).toContain(`http://127.0.0.1:${port}/auth/login`);
});

/** The failure of a login sent to a server that handles each connection with `onConnection`. */
async function failureAgainst(
  scheme: 'http' | 'https',
  onConnection: (socket: Socket) => void,
): Promise<{ cls?: string; code?: string }> {
  const server = createServer(onConnection);
  const port = await listen(server);
  try {
    return await failureOf(`${scheme}://127.0.0.1:${port}/auth/login`);
  } finally {
    server.close();
  }
}

test('a connection reset by the peer: F21 net.reset', async () => {
  expect(await failureAgainst('http', (s) => s.resetAndDestroy())).toMatchObject({
    cls: 'F21',
    code: 'net.reset',
  });
});

test('TLS spoken to a plain-HTTP port: F21 net.tls', async () => {
  const plain = (s: Socket) => s.end('HTTP/1.1 400 Bad Request\r\n\r\n');
  expect(await failureAgainst('https', plain)).toMatchObject({ cls: 'F21', code: 'net.tls' });
});

test('network error codes map to kinds (DNS and certificates included)', () => {
  expect(networkFailure({ code: 'ENOTFOUND' }).kind).toBe('dns');
  expect(networkFailure({ cause: { code: 'EAI_AGAIN' } }).kind).toBe('dns');
  expect(networkFailure({ cause: { code: 'CERT_HAS_EXPIRED' } })).toEqual({
    kind: 'tls',
    code: 'CERT_HAS_EXPIRED',
    phrase: 'TLS error (CERT_HAS_EXPIRED)',
  });
  expect(networkFailure({ code: 'ECONNREFUSED' }).phrase).toBe('connection refused');
  expect(networkFailure(new Error('something else')).kind).toBe('other');
});
