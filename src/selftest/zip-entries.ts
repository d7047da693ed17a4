// Reads the entries of a zip (Playwright's HTML report embeds its data as one) with zlib alone, so a secret scan
// can look inside compressed report data: a leak that is only deflated is still a leak.
import { inflateRawSync } from 'node:zlib';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export interface ZipEntry {
  name: string;
  data: Buffer;
}

/** Every stored or deflated entry; an unreadable archive gives what could be read (never throws). */
export function zipEntries(zip: Buffer): ZipEntry[] {
  const end = findEnd(zip);
  if (end < 0) return [];
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const out: ZipEntry[] = [];
  for (let i = 0; i < count && at + 46 <= zip.length && zip.readUInt32LE(at) === CENTRAL; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + skip;
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== LOCAL) continue;
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + size);
    try {
      if (method === 0) out.push({ name, data: raw });
      else if (method === 8) out.push({ name, data: inflateRawSync(raw) });
    } catch {
      // a damaged entry: skipped
    }
  }
  return out;
}

function findEnd(zip: Buffer): number {
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--)
    if (zip.readUInt32LE(i) === EOCD) return i;
  return -1;
}
