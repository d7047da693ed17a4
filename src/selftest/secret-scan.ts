// Scans what runs leave behind (reports, results, artifacts) for secrets: known passwords and anything JWT-shaped.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const JWT = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}/;
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

/** Every file under `roots` (text, and base64 attachment bodies inside JSON reports) against the needles. */
export function scanForSecrets(
  roots: readonly string[],
  needles: readonly { label: string; value: string }[],
): ScanResult {
  const result: ScanResult = { files: 0, bytes: 0, hits: [] };
  const check = (file: string, text: string) => {
    for (const n of needles)
      if (n.value.length >= 6 && text.includes(n.value)) result.hits.push({ file, what: n.label });
    if (JWT.test(text)) result.hits.push({ file, what: 'a JWT' });
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
