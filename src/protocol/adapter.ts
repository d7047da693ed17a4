// The dialect as an interface: the few operations the suites and the load client need from a product — log in, build
// the upgrade, encode a question, decode a frame into events, answer a keepalive, read the answer of a run. A profile's
// fields compile into one (compileAdapter); its hooks and its `adapter` function override single operations. Pure and
// engine-neutral: the functional client (ws, undici) and the load client (k6, Node executor) both speak through it.
import type { AuthCarrier, Profile, TokenStrategy } from '../../profiles/define.ts';
import type { AdapterOperations } from '../config/profile-schema.ts';
import { type Frame, FrameReader } from './frames.ts';
import { matches, readId, readPath } from './json-path.ts';
import { render, renderString, renderUrl, type TemplateVars } from './template.ts';

export type { AdapterOperations } from '../config/profile-schema.ts';
export type LoginStrategy = Extract<TokenStrategy, { kind: 'login' }>;

/** Who a template speaks for: the named credentials and what the login learned. */
export interface Identity {
  email?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
  userId?: string | undefined;
  /** Extra credential fields (TEST_USER_FIELD_<NAME>): `{{name}}` in lower case. */
  fields?: Readonly<Record<string, string>>;
}

/** An HTTP answer as the adapter reads it, whichever engine made the call. */
export interface HttpAnswer {
  status: number;
  json: unknown;
  /** Response headers, names in lower case; set-cookie may be a list. */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
}

/** The WebSocket request for a token: URL, headers, subprotocols to offer, frames to send on open. */
export interface Upgrade {
  url: string;
  headers: Record<string, string>;
  protocols: string[];
  firstMessages: unknown[];
}

export interface DialectAdapter extends AdapterOperations {
  readonly profile: Profile;
  readonly reader: FrameReader;
  /** The login strategy's request for an identity (URL relative to AUTH_URL), or undefined without one. */
  loginRequest(identity: Identity): { path: string; body: unknown } | undefined;
  /** The token of a login answer (JSON path, Set-Cookie or header, as the profile says). */
  tokenOf(answer: HttpAnswer): string | undefined;
  /** The user id a login answer reports (userIdPath), if any. */
  userIdOf(answer: HttpAnswer): string | undefined;
  upgrade(
    wsUrl: string,
    token: string | undefined,
    identity: Identity,
    carriers?: readonly AuthCarrier[],
  ): Upgrade;
  /** Headers of an authenticated HTTP call: the header carrier, else the cookie carrier, else a bearer token. */
  authHeaders(token: string): Record<string, string>;
  /** The client's keepalive: a frame, `control` (RFC 6455 ping), or undefined when the client never pings. */
  clientPing(): unknown;
  /** One WebSocket message → its frames (one per event), stamped `at`. */
  framesOf(text: string, at: number): Frame[];
}

/** Template values of an identity: credentials, extra fields, and what the login learned. */
export function identityVars(
  identity: Identity,
  extra: TemplateVars = {},
): Record<string, string | undefined> {
  return {
    ...identity.fields,
    email: identity.email,
    username: identity.username ?? identity.email?.split('@')[0],
    password: identity.password,
    userId: identity.userId,
    ...extra,
  };
}

/** A fresh request id per turn (`{{nonce}}`): unique enough to tell turns apart, no crypto needed. */
export function freshNonce(): string {
  const rand = () =>
    Math.floor(Math.random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return `${Date.now().toString(16)}${rand()}${rand()}`;
}

/** The `Set-Cookie` value of one cookie, from headers that may list several. */
export function cookieValue(headers: HttpAnswer['headers'], name: string): string | undefined {
  const raw = headers['set-cookie'];
  const lines = raw === undefined ? [] : typeof raw === 'string' ? raw.split(/,(?=\s*[^;=\s]+=)/) : raw;
  for (const line of lines) {
    const [pair] = line.split(';');
    const eq = pair?.indexOf('=') ?? -1;
    if (pair && eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

const BEARER = { name: 'Authorization', value: 'Bearer {{token}}' };

class CompiledAdapter implements DialectAdapter {
  readonly profile: Profile;
  readonly reader: FrameReader;

  constructor(profile: Profile) {
    this.profile = profile;
    this.reader = new FrameReader(profile);
  }

  get #login(): LoginStrategy | undefined {
    return this.profile.auth.strategies.find((s): s is LoginStrategy => s.kind === 'login');
  }

  loginRequest(identity: Identity): { path: string; body: unknown } | undefined {
    const login = this.#login;
    if (!login) return undefined;
    return { path: login.path, body: render(login.body, identityVars(identity)) };
  }

  tokenOf(answer: HttpAnswer): string | undefined {
    const login = this.#login;
    if (!login || answer.status < 200 || answer.status >= 300) return undefined;
    if (login.tokenCookie !== undefined) return cookieValue(answer.headers, login.tokenCookie);
    if (login.tokenHeader !== undefined) {
      const value = answer.headers[login.tokenHeader.toLowerCase()];
      const first = typeof value === 'string' ? value : value?.[0];
      return first?.replace(/^Bearer\s+/i, '') || undefined;
    }
    return login.tokenPath ? readId(answer.json, login.tokenPath) : undefined;
  }

  userIdOf(answer: HttpAnswer): string | undefined {
    const login = this.#login;
    return login?.userIdPath ? readId(answer.json, login.userIdPath) : undefined;
  }

  upgrade(
    wsUrl: string,
    token: string | undefined,
    identity: Identity,
    carriers: readonly AuthCarrier[] = this.profile.ws.carriers,
  ): Upgrade {
    const vars = identityVars(identity, { token });
    const headers: Record<string, string> = {};
    const protocols: string[] = [];
    const query: string[] = [];
    const cookies: string[] = [];
    const firstMessages: unknown[] = [];
    for (const carrier of carriers) {
      switch (carrier.kind) {
        case 'header':
          headers[carrier.name] = renderString(carrier.value, vars);
          break;
        case 'subprotocol':
          protocols.push(...(render(carrier.entries, vars) as string[]));
          break;
        case 'query':
          query.push(
            `${encodeURIComponent(carrier.param)}=${encodeURIComponent(renderString(carrier.value, vars))}`,
          );
          break;
        case 'cookie':
          cookies.push(`${carrier.name}=${renderString(carrier.value, vars)}`);
          break;
        case 'first-message':
          firstMessages.push(render(carrier.frame, vars));
          break;
      }
    }
    if (cookies.length > 0) headers.Cookie = cookies.join('; ');
    // No URL class here: k6 has none built in.
    const url = renderUrl(wsUrl, vars);
    const withQuery = query.length === 0 ? url : `${url}${url.includes('?') ? '&' : '?'}${query.join('&')}`;
    return { url: withQuery, headers, protocols, firstMessages };
  }

  authHeaders(token: string): Record<string, string> {
    const carriers = this.profile.ws.carriers;
    const header = carriers.find((c) => c.kind === 'header');
    if (header) return { [header.name]: renderString(header.value, { token }) };
    const cookie = carriers.find((c) => c.kind === 'cookie');
    if (cookie) return { Cookie: `${cookie.name}=${renderString(cookie.value, { token })}` };
    return { [BEARER.name]: renderString(BEARER.value, { token }) };
  }

  clientPing(): unknown {
    const ping = this.profile.ws.keepAlive.clientPing;
    return ping === undefined || ping === 'control' ? ping : render(ping, {});
  }

  encodeQuestion(first: boolean, vars: TemplateVars): unknown {
    return render(first ? this.profile.send.first : this.profile.send.followUp, vars);
  }

  decode(data: unknown): unknown[] {
    const envelope = this.profile.events.envelope;
    if (!envelope || data === null || typeof data !== 'object') return [data];
    let frame = data as Record<string, unknown>;
    for (const path of envelope.jsonText ?? []) frame = parseInPlace(frame, path);
    const list = envelope.split === undefined ? undefined : readPath(frame, envelope.split);
    if (!Array.isArray(list)) return [frame];
    return list.map((event) => ({ ...frame, ...withValue(envelope.split ?? '', event) }));
  }

  keepaliveReply(data: unknown): unknown {
    const auto = this.profile.ws.keepAlive.autoReply;
    if (!auto || data === undefined || !matches(data, auto.when)) return undefined;
    return render(auto.reply, {}, { frame: data });
  }

  answer(run: readonly unknown[]): string | undefined {
    if (this.profile.events.answerFrom === 'deltas') {
      const chunks = run
        .filter((d) => this.reader.classify(d) === 'stream')
        .map((d) => this.reader.chunkText(d));
      return chunks.some((c) => c !== undefined) ? chunks.join('') : undefined;
    }
    const terminal = run.at(-1);
    return terminal === undefined ? undefined : this.reader.answer(terminal);
  }

  framesOf(text: string, at: number): Frame[] {
    let data: unknown;
    try {
      data = JSON.parse(text) as unknown;
    } catch {
      // Not JSON: the text is kept, so the isolation scan can still read it.
      return [{ at, data: undefined, size: text.length, type: undefined, kind: 'other', text }];
    }
    const events = this.decode(data);
    return events.map((event, i) => ({
      at,
      data: event,
      // The message's bytes count once, on its first event.
      size: i === 0 ? text.length : 0,
      type: this.reader.typeOf(event),
      kind: this.reader.classify(event),
    }));
  }
}

/** The frame with the JSON text at `path` replaced by its value (a copy; the text stays when it is not JSON). */
function parseInPlace(frame: Record<string, unknown>, path: string): Record<string, unknown> {
  const text = readPath(frame, path);
  if (typeof text !== 'string') return frame;
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return frame;
  }
  return { ...frame, ...withValue(path, value, frame) };
}

/** `{a: {b: value}}` for `a.b`, keeping the siblings `base` has at each level. */
function withValue(
  path: string,
  value: unknown,
  base: Record<string, unknown> = {},
): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  if (head === undefined) return base;
  if (rest.length === 0) return { [head]: value };
  const inner = base[head];
  const innerBase = inner && typeof inner === 'object' ? (inner as Record<string, unknown>) : {};
  return { [head]: { ...innerBase, ...withValue(rest.join('.'), value, innerBase) } };
}

const compiled = new WeakMap<Profile, DialectAdapter>();

/** The profile's adapter: its fields compiled, its hooks and `adapter` function laid over single operations. */
export function adapterFor(profile: Profile): DialectAdapter {
  const known = compiled.get(profile);
  if (known) return known;
  // The override gets the fields' adapter untouched, so it may call the operation it replaces.
  const overrides = profile.adapter?.(new CompiledAdapter(profile)) ?? {};
  const adapter: DialectAdapter = Object.assign(new CompiledAdapter(profile), overrides);
  compiled.set(profile, adapter);
  return adapter;
}
