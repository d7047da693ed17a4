// What each part of the doctor's table expects, in the profile's own words (pure: the profile in, one line out).
import type { Profile } from '../../profiles/define.ts';

/** What the keepalive part expects: the client's ping and its answer, and the server's ping the client answers. */
export function keepAliveExpects(k: Profile['ws']['keepAlive']): string {
  const client =
    k.clientPing === undefined
      ? 'no client ping'
      : k.clientPing === 'control'
        ? 'RFC 6455 ping → control pong'
        : `client ping → ${k.pongType ?? 'a pong frame'}`;
  return k.autoReply ? `${client}; server pings answered with ws.keepAlive.autoReply` : client;
}

/** Where a login strategy takes its token from, as the profile says it. */
export function tokenSource(login: {
  tokenPath?: readonly string[];
  tokenCookie?: string;
  tokenHeader?: string;
}): string {
  if (login.tokenCookie) return `in the cookie ${login.tokenCookie}`;
  if (login.tokenHeader) return `in the header ${login.tokenHeader}`;
  return `at ${(login.tokenPath ?? []).join(' | ')}`;
}

/** The URL as the profile wrote it (`/live/{{userId}}`, not `%7B%7B…`); as given when it does not decode. */
export function readableUrl(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}
