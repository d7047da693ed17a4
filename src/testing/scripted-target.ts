// For unit tests: an in-process target on 127.0.0.1, port 0, whose HTTP routes and WebSocket replies a test scripts.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { WebSocketServer, type WebSocket } from 'ws';

export interface ScriptedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** Arrival on the monotonic clock (performance.now()), comparable with the clients' stamps. */
  at: number;
}

export type Route = (req: ScriptedRequest, res: ServerResponse) => void;

export class ScriptedTarget {
  /** `http://127.0.0.1:<port>`; the WebSocket endpoint answers on any path of the same origin. */
  readonly url: string;
  /** `METHOD /path` → handler; anything else answers 404. */
  routes: Record<string, Route> = {};
  readonly requests: ScriptedRequest[] = [];
  /** Every WebSocket message received, parsed. */
  readonly messages: unknown[] = [];
  readonly sockets: WebSocket[] = [];
  /** Called when a WebSocket connects (send the ready frame here). */
  onConnection: (socket: WebSocket) => void = () => undefined;
  /** Called for every WebSocket message, parsed. */
  onMessage: (socket: WebSocket, message: unknown) => void = () => undefined;
  readonly #server: Server;
  readonly #wss: WebSocketServer;

  private constructor(server: Server, wss: WebSocketServer) {
    this.#server = server;
    this.#wss = wss;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  static async start(): Promise<ScriptedTarget> {
    const server = createServer();
    const wss = new WebSocketServer({ server });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const target = new ScriptedTarget(server, wss);
    server.on('request', (req, res) => {
      const at = performance.now();
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        const path = new URL(req.url ?? '/', target.url).pathname;
        const request = { method: req.method ?? 'GET', path, headers: req.headers, body: parse(text), at };
        target.requests.push(request);
        const route = target.routes[`${request.method} ${path}`];
        if (route) route(request, res);
        else res.writeHead(404).end();
      });
    });
    wss.on('connection', (socket) => {
      target.sockets.push(socket);
      socket.on('message', (raw: Buffer) => {
        const message = parse(raw.toString());
        target.messages.push(message);
        target.onMessage(socket, message);
      });
      target.onConnection(socket);
    });
    return target;
  }

  /** Requests to one route, in arrival order. */
  calls(method: string, path: string): ScriptedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.#wss.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** A route answering JSON. */
export function json(status: number, body: unknown): Route {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
}

/** A JSON object with a value at each JSON path (`a.b` nests), so tests build frames and bodies from a profile's paths. */
export function at(values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(values)) {
    const parts = path.split('.');
    let node = out;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts.at(-1) ?? path] = value;
  }
  return out;
}

function parse(text: string): unknown {
  try {
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return text;
  }
}
