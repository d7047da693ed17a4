// Test helper: a bare HTTP upgrade request, to read the handshake's status and headers exactly as sent.
import { request } from 'node:http';
import { randomBytes } from 'node:crypto';

export interface Handshake {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
}

export function rawUpgrade(
  httpBase: string,
  path: string,
  headers: Record<string, string>,
): Promise<Handshake> {
  return new Promise((resolve, reject) => {
    const req = request(`${httpBase}${path}`, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': randomBytes(16).toString('base64'),
        ...headers,
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on('error', reject);
    req.end();
  });
}
