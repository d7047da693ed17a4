// Version drift: read each service's version/commit (JSON path or HTML meta tag) and compare them.

export interface VersionReport {
  /** "API", "auth service", "frontend". */
  service: string;
  /** Where it was read, for messages. */
  source: string;
  version?: string;
  commit?: string;
  /** Why it could not be read. */
  error?: string;
}

const META = /<meta\b[^>]*>/gi;
const ATTR = /([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/g;

/** The `content` of `<meta name="…">` (attribute order and quoting free), or undefined. */
export function readMetaTag(html: string, name: string): string | undefined {
  for (const tag of html.match(META) ?? []) {
    const attrs = new Map<string, string>();
    for (const m of tag.matchAll(ATTR))
      attrs.set((m[1] ?? '').toLowerCase(), decode(m[2] ?? m[3] ?? m[4] ?? ''));
    if ((attrs.get('name') ?? attrs.get('property'))?.toLowerCase() === name.toLowerCase())
      return attrs.get('content');
  }
  return undefined;
}

function decode(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** "API 1.4.3 (commit c06d5e8)". */
export function describeReport(r: VersionReport): string {
  if (r.error !== undefined) return `${r.service}: unreadable (${r.error})`;
  const commit = r.commit !== undefined ? ` (commit ${r.commit})` : '';
  return `${r.service} ${r.version ?? '(no version)'}${commit}`;
}

/** How commit ids compare: exactly, or (the profile's health.shortCommits) a 7+ hex-digit short id as a prefix. */
export interface CommitRule {
  shortCommits: boolean;
}

/**
 * Problems with the reported versions: an unreadable source; with `expected`, any service whose version and commit
 * both differ from it; otherwise any disagreement between services (versions, and commits where reported).
 */
export function versionProblems(
  reports: readonly VersionReport[],
  expected: string | undefined,
  rule: CommitRule = { shortCommits: false },
): string[] {
  const problems = reports
    .filter((r) => r.error !== undefined)
    .map((r) => `could not read the ${r.service}'s version from ${r.source}: ${r.error}`);
  const read = reports.filter((r) => r.error === undefined);
  const all = reports.map(describeReport).join(', ');
  if (expected !== undefined) {
    const off = read.filter((r) => r.version !== expected && !sameCommit(r.commit, expected, rule));
    if (off.length > 0)
      problems.push(
        `expected ${expected} (EXPECTED_VERSION), ${off.map((r) => r.service).join(' and ')} differ: ${all}`,
      );
    return problems;
  }
  const versions = new Set(read.map((r) => r.version).filter((v): v is string => v !== undefined));
  const commits = read.map((r) => r.commit).filter((c): c is string => c !== undefined);
  const commitsAgree = commits.every((a) => commits.every((b) => sameCommit(a, b, rule)));
  if (versions.size > 1 || !commitsAgree) problems.push(`services disagree: ${all}`);
  return problems;
}

const HEX_ID = /^[0-9a-f]{7,64}$/;

/**
 * One commit? Exactly the same id (case aside); with short commits allowed, also a short id of 7 or more hex digits
 * that the other (longer) id starts with. Never a prefix shorter than 7, nor of something that is not a hex id.
 */
export function sameCommit(a: string | undefined, b: string | undefined, rule: CommitRule): boolean {
  if (a === undefined || b === undefined) return false;
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return true;
  if (!rule.shortCommits || !HEX_ID.test(x) || !HEX_ID.test(y)) return false;
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  return long.startsWith(short);
}
