// The route table type shared by the core and the dialects: "METHOD /path" → handler.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
}

export type Handler = (ctx: RequestContext) => void | Promise<void>;

export type RouteTable = Readonly<Record<string, Handler>>;

export function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}
