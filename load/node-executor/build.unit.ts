// The k6 scenarios type-check against @types/k6 (their own tsconfig), the Node side against Node's, and both
// scenarios bundle with k6 modules left external and nothing of Node inside.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { buildLoadBundles } from '../../scripts/build-load.ts';
import { SCENARIOS } from '../lib/load-shapes.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

function typecheck(project: string): string {
  try {
    execFileSync(process.execPath, [TSC, '-p', project, '--pretty', 'false'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    return '';
  } catch (error) {
    const e = error as { stdout?: string; message: string };
    return e.stdout || e.message;
  }
}

test('the k6 scenarios type-check against @types/k6', () => {
  test.setTimeout(120_000);
  expect(typecheck('load/tsconfig.json')).toBe('');
});

test('the Node executor and the load tests type-check against Node types', () => {
  test.setTimeout(120_000);
  expect(typecheck('load/node-executor/tsconfig.json')).toBe('');
});

test('each scenario bundles with k6 modules external, the protocol code and SLA table inside', async () => {
  const outdir = mkdtempSync(join(tmpdir(), 'gp-load-bundles-'));
  try {
    const bundles = await buildLoadBundles(outdir);
    expect(bundles.map((b) => b.scenario).sort()).toEqual([...SCENARIOS].sort());
    for (const scenario of SCENARIOS) {
      const file = join(outdir, `${scenario}.js`);
      expect(existsSync(file)).toBe(true);
      const code = readFileSync(file, 'utf8');
      const imports = [...code.matchAll(/^import\s[^;]*?from\s+"([^"]+)";?$/gm)].map((m) => m[1]);
      expect(imports.length).toBeGreaterThan(0);
      expect(imports.filter((i) => !/^k6(\/|$)/.test(i ?? ''))).toEqual([]);
      // The one SLA table and the profiles are bundled, not read at run time.
      expect(code).toContain('SLA_AUTH_LOGIN_P95_MS');
      expect(code).toContain('function buildSlaTable');
      expect(code).toContain('export {');
      expect(code).toMatch(/\bhandleSummary\b/);
    }
    const ws = readFileSync(join(outdir, 'ws-concurrency.js'), 'utf8');
    expect(ws).toContain('"k6/websockets"');
    // The shared checker, not a copy: its rules travel in the bundle.
    expect(ws).toContain('function checkEventSequence');
    // Subprotocol auth as an explicit header, the constructor's protocols argument null.
    expect(ws).toContain('"Sec-WebSocket-Protocol"');
    // …and named by a tag, never by its URL (a query carrier puts the token in it): no `url` system tag at all.
    expect(ws).toMatch(
      /new WebSocket\(\w+\.url, null, \{\s*headers: \w+\.headers,\s*tags: \{ name: [\w.]+ \}\s*\}\)/,
    );
    expect(ws).toContain('"ws-connect"');
    expect(ws).toMatch(/systemTags: \[\.\.\.SYSTEM_TAGS\]/);
    expect(ws).not.toMatch(/SYSTEM_TAGS = \[[^\]]*"url"/);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});
