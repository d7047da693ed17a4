// For tests: a pass-through proxy on 127.0.0.1 in front of a target that records every HTTP request's and WebSocket
// upgrade's headers as the product would receive them (what the harness sent, not what it meant to send).
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';

export interface SeenRequest {
  method: string;
  path: string;
  upgrade: boolean;
  headers: IncomingHttpHeaders;
}

export interface RecordingProxy {
  /** `http://127.0.0.1:<port>`: use it in place of the target's origin. */
  url: string;
  readonly seen: SeenRequest[];
  /** A URL of the target with its origin replaced by the proxy's (http and ws schemes alike). */
  via(targetUrl: string): string;
  close(): Promise<void>;
}

/** `targetUrl` with its origin's host and port replaced by `proxyUrl`'s (its scheme, path and query kept). */
export function viaOrigin(targetUrl: string, proxyUrl: string): string {
  const u = new URL(targetUrl);
  const proxied = new URL(proxyUrl);
  u.hostname = proxied.hostname;
  u.port = proxied.port;
  return u.toString().replace(/\/$/, targetUrl.endsWith('/') ? '/' : '');
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const to = new URL(target);
  const port = Number(to.port || 80);
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? 'GET', path: req.url ?? '/', upgrade: false, headers: req.headers });
    const out = request(
      { host: to.hostname, port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.writeHead(502).end());
    req.pipe(out);
  });
  server.on('upgrade', (req, socket, head) => {
    seen.push({ method: req.method ?? 'GET', path: req.url ?? '/', upgrade: true, headers: req.headers });
    const upstream = connect(port, to.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2)
        lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    const drop = (): void => {
      socket.destroy();
      upstream.destroy();
    };
    upstream.on('error', drop);
    socket.on('error', drop);
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    via: (targetUrl) => viaOrigin(targetUrl, url),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
