// Scans what runs leave behind (reports, results, artifacts, the ledger, console logs) for secrets: known passwords
// and tokens, anything JWT-shaped (also base64url-encoded, as a subprotocol entry carries it) — inside JSON
// attachment bodies and zips (Playwright's HTML report embeds its data as a base64 zip) too.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { zipEntries } from './zip-entries.ts';

/** A JWT, whole or clipped after its payload began (a clipped token still carries its claims). */
const JWT = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}/;
/** base64url of a JWT: its header `eyJhbGciO…`/`eyJ0eXAiO…` encodes to these (72 bits: no chance match). */
const JWT_B64 = /ZXlK(?:aGJHY2lP|MGVYQWlP)[\w-]{20,}/;
const ZIP_DATA = /data:application\/zip;base64,([A-Za-z0-9+/=]+)/g;
const MAX_FILE = 20 * 1024 * 1024;

export interface SecretHit {
  file: string;
  what: string;
}

export interface ScanResult {
  files: number;
  bytes: number;
  hits: SecretHit[];
}

/** Every file under `roots` (text, base64 attachment bodies inside JSON, zip entries) against the needles. */
export function scanForSecrets(
  roots: readonly string[],
  needles: readonly { label: string; value: string }[],
): ScanResult {
  const result: ScanResult = { files: 0, bytes: 0, hits: [] };
  const check = (file: string, text: string) => {
    for (const n of needles)
      if (n.value.length >= 6 && text.includes(n.value)) result.hits.push({ file, what: n.label });
    if (JWT.test(text)) result.hits.push({ file, what: 'a JWT' });
    if (JWT_B64.test(text)) result.hits.push({ file, what: 'a base64url-encoded JWT' });
  };
  const checkZip = (file: string, zip: Buffer) => {
    for (const e of zipEntries(zip)) check(`${file} (${e.name})`, e.data.toString('latin1'));
  };
  for (const root of roots.filter((r) => existsSync(r))) {
    for (const file of walk(root)) {
      const size = statSync(file).size;
      if (size > MAX_FILE) continue;
      const buffer = readFileSync(file);
      result.files++;
      result.bytes += size;
      const text = buffer.toString('latin1');
      check(file, text);
      if (file.endsWith('.zip')) checkZip(file, buffer);
      for (const m of text.matchAll(ZIP_DATA))
        checkZip(`${file} (embedded zip)`, Buffer.from(m[1] ?? '', 'base64'));
      // JSON reports embed attachment bodies as base64: decode them too.
      if (file.endsWith('.json'))
        for (const m of text.matchAll(/"body":\s*"([A-Za-z0-9+/=]{16,})"/g))
          check(`${file} (attachment)`, Buffer.from(m[1] ?? '', 'base64').toString('utf8'));
    }
  }
  return result;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
