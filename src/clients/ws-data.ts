// A `ws` message's payload as text, whichever form `ws` delivered it in (one Buffer, fragments, an ArrayBuffer).
import type WebSocket from 'ws';

export function wsText(raw: WebSocket.RawData): string {
  if (Buffer.isBuffer(raw)) return raw.toString('utf8');
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  return Buffer.from(raw).toString('utf8');
}
