// The WebSocket request for a token, rendered from the profile's auth carriers (header, subprotocol, query).
import type { AuthCarrier } from '../../profiles/define.ts';
import { render, renderString } from '../../src/protocol/template.ts';

export interface WsRequest {
  url: string;
  headers: Record<string, string>;
  /** Subprotocols to offer, in order. */
  protocols: string[];
}

export function wsRequest(url: string, carriers: readonly AuthCarrier[], token: string): WsRequest {
  const vars = { token };
  const headers: Record<string, string> = {};
  const protocols: string[] = [];
  const query: string[] = [];
  for (const carrier of carriers) {
    if (carrier.kind === 'header') headers[carrier.name] = renderString(carrier.value, vars);
    else if (carrier.kind === 'subprotocol') protocols.push(...(render(carrier.entries, vars) as string[]));
    else
      query.push(
        `${encodeURIComponent(carrier.param)}=${encodeURIComponent(renderString(carrier.value, vars))}`,
      );
  }
  // No URL class here: k6 has none built in.
  const withQuery = query.length === 0 ? url : `${url}${url.includes('?') ? '&' : '?'}${query.join('&')}`;
  return { url: withQuery, headers, protocols };
}

/**
 * The same request for k6: subprotocols go as an explicit Sec-WebSocket-Protocol header, never also as the
 * constructor's protocols argument (older k6 ignored it; k6's dialer refuses both as a duplicate header).
 */
export function k6WsRequest(
  url: string,
  carriers: readonly AuthCarrier[],
  token: string,
): { url: string; headers: Record<string, string> } {
  const r = wsRequest(url, carriers, token);
  const headers = { ...r.headers };
  if (r.protocols.length > 0) headers['Sec-WebSocket-Protocol'] = r.protocols.join(', ');
  return { url: r.url, headers };
}
