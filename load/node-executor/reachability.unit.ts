// An unreachable target is named in one line before any load, the same from Node's error codes and k6's.
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { hostPort, k6UnreachableKind, unreachableLine } from '../lib/unreachable.ts';
import { unreachable } from './reachability.ts';

/** A port that was just free: nothing listens on it. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

test('a refused connection is named with HOST:PORT', async () => {
  const port = await closedPort();
  expect(await unreachable(`http://127.0.0.1:${port}/health`, 2000)).toBe(
    `connection refused to 127.0.0.1:${port}`,
  );
});

test('a target that answers, whatever its status, is reachable', async () => {
  const server = createServer((socket) =>
    socket.end('HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\n\r\n'),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const { port } = server.address() as AddressInfo;
    expect(await unreachable(`http://127.0.0.1:${port}/health`, 2000)).toBeUndefined();
  } finally {
    server.close();
  }
});

test("k6's error codes name the same failures in the same words", () => {
  expect(unreachableLine(k6UnreachableKind(1212) ?? 'other', 'http://127.0.0.1:8787/health')).toBe(
    'connection refused to 127.0.0.1:8787',
  );
  expect(unreachableLine(k6UnreachableKind(1101) ?? 'other', 'https://api.example.test/x')).toBe(
    'DNS lookup failed for api.example.test',
  );
  expect(unreachableLine(k6UnreachableKind(1310) ?? 'other', 'wss://api.example.test/ws', 'x509')).toBe(
    'TLS handshake with api.example.test:443 failed (x509)',
  );
  expect(k6UnreachableKind(0)).toBeUndefined();
  expect(hostPort('http://user:pw@[::1]:9/x')).toEqual({ host: '[::1]', port: '9' });
});
