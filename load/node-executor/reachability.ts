// Before any load: the target answers at all. Refused, DNS, TLS and connect failures are named in one line
// ("connection refused to 127.0.0.1:8787") and the launcher exits 2, on either engine.
import { request } from 'undici';
import { correlationHeaders } from '../../src/clients/correlation.ts';
import { networkFailure } from '../../src/clients/errors.ts';
import { unreachableLine, type UnreachableKind } from '../lib/unreachable.ts';

const KINDS: Readonly<Record<string, UnreachableKind>> = {
  refused: 'refused',
  dns: 'dns',
  'connect-timeout': 'connect-timeout',
  reset: 'reset',
  tls: 'tls',
};

/** undefined when `url` answered anything (any status: health is judged by the run); else the one line. */
export async function unreachable(url: string, timeoutMs: number): Promise<string | undefined> {
  try {
    const res = await request(url, {
      headers: correlationHeaders(),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    await res.body.dump();
    return undefined;
  } catch (error) {
    const f = networkFailure(error);
    const kind = KINDS[f.kind];
    return kind ? unreachableLine(kind, url, f.code) : unreachableLine('other', url, f.phrase);
  }
}
