// Protocol names live in profiles only: no built-in profile's distinctive name is a string literal in the harness.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Profile } from './define.ts';
import { BUILT_IN_PROFILES } from './index.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const SCANNED = ['src', 'fixtures', 'tests', 'load', 'scripts'];
/** Strings that are another tool's own names and happen to equal a protocol name: named here, file by file. */
const NOT_PROTOCOL: Readonly<Record<string, readonly string[]>> = {
  'load/lib/request-tags.ts': ['error_code'], // k6's system tag, not the netra dialect's field
  'src/history/sql-store.ts': ['run_id'], // a column of the history schema, not the netra dialect's field
};
/**
 * Files whose job is to guess a product's conventions before any profile exists (`doctor --draft`): they spell common
 * paths and fields on purpose, and a built-in profile using the same convention does not make them protocol names.
 */
const CONVENTION_GUESSERS = new Set([
  'src/doctor/draft.ts',
  'src/doctor/suggest.ts',
  'src/doctor/suggest.unit.ts',
  'src/doctor/doctor.unit.ts',
]);
const PROSE_OR_KEYWORD = [
  'name',
  'description',
  'question',
  'followUp',
  'reason',
  'meaning',
  'failureClass',
  'pattern',
  'flags',
  'rule',
  'kind',
  'id',
  'by',
  'shape',
  'userIdMatch',
  'timestampFormat',
  'tokenEchoSeverity',
  'dbConnectionTimeUnit',
  'base',
];

/** Every string value of a profile that is a name or path of the protocol (not prose, not templates' text). */
function protocolNames(profile: Profile): Set<string> {
  const names = new Set<string>();
  const visit = (value: unknown, key: string) => {
    if (typeof value === 'string') {
      // Prose, and the profile schema's own keywords (`any-offered`, `inject-token`, …), are not protocol names.
      if (PROSE_OR_KEYWORD.includes(key)) return;
      for (const part of value.split(/\{\{[^}]*\}\}/)) {
        // Distinctive names only: snake_case, kebab-case or a path. Plain words (`type`, `status`) are everywhere.
        const trimmed = part.replace(/^[.\s]+|[.\s]+$/g, '');
        if (/^[a-z][a-z0-9]*([_-][a-z0-9]+)+$|^\/[a-z]/.test(trimmed) && trimmed !== '/') names.add(trimmed);
      }
    } else if (Array.isArray(value)) {
      for (const v of value) visit(v, key);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (/^[a-z][a-z0-9]*([_-][a-z0-9]+)+$/.test(k)) names.add(k);
        visit(v, k);
      }
    }
  };
  visit(profile, '');
  return names;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'node_modules' || entry === 'k8s' ? [] : files(path);
    return /\.(ts|mjs|js)$/.test(entry) ? [path] : [];
  });
}

test('no protocol name of a built-in profile is a string literal outside profiles/', () => {
  const names = new Set([...Object.values(BUILT_IN_PROFILES)].flatMap((p) => [...protocolNames(p)]));
  expect(names.size, 'the scan knows the names it looks for').toBeGreaterThan(30);
  expect([...names]).toEqual(
    expect.arrayContaining([
      'agent_started',
      'agent_completed',
      'final_response',
      'start_agent',
      '/health/ready',
    ]),
  );
  const found: string[] = [];
  for (const file of SCANNED.filter((d) => existsSync(join(ROOT, d))).flatMap((d) => files(join(ROOT, d)))) {
    if (CONVENTION_GUESSERS.has(relative(ROOT, file))) continue;
    // Comments may name what they explain; code may not spell it.
    const lines = readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => (/^\s*(\/\/|\*|\/\*)/.test(l) ? '' : l));
    for (const name of names) {
      const literal = new RegExp(`(['"\`])${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\1`);
      const line = lines.findIndex((l) => literal.test(l));
      if (line >= 0 && !NOT_PROTOCOL[relative(ROOT, file)]?.includes(name))
        found.push(`${relative(ROOT, file)}:${line + 1} "${name}"`);
    }
  }
  expect(found, 'protocol names belong in profiles/ (read them through the profile)').toEqual([]);
});
