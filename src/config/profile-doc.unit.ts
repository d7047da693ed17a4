// docs/profile.md cannot fall behind the schema: every field key, top-level or nested, is mentioned there.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { profileSchema } from './profile-schema.ts';

interface Def {
  type: string;
  shape?: Record<string, unknown>;
  element?: unknown;
  innerType?: unknown;
  options?: readonly unknown[];
  valueType?: unknown;
}

/** Every object key of the schema with the dotted paths it appears at (array items and union options included). */
function fieldPaths(schema: unknown, at = '', out = new Map<string, string[]>()): Map<string, string[]> {
  const def = (schema as { _zod: { def: Def } })._zod.def;
  if (def.type === 'object')
    for (const [key, child] of Object.entries(def.shape ?? {})) {
      const path = at ? `${at}.${key}` : key;
      out.set(key, [...(out.get(key) ?? []), path]);
      fieldPaths(child, path, out);
    }
  else if (def.type === 'array') fieldPaths(def.element, at, out);
  else if (def.type === 'optional' || def.type === 'readonly' || def.type === 'nullable')
    fieldPaths(def.innerType, at, out);
  else if (def.type === 'union') for (const option of def.options ?? []) fieldPaths(option, at, out);
  else if (def.type === 'record') fieldPaths(def.valueType, at, out);
  return out;
}

const doc = readFileSync(new URL('../../docs/profile.md', import.meta.url), 'utf8');
/** The code spans of the doc, split into their words (`auth.me.userIdPath` → auth, me, userIdPath). */
const codeWords = new Set(
  [...doc.matchAll(/`([^`\n]+)`/g)].flatMap((m) => (m[1] ?? '').split(/[^A-Za-z0-9_]+/)).filter(Boolean),
);

test('the walk sees the nested fields (a guard for the test itself)', () => {
  const paths = [...fieldPaths(profileSchema).values()].flat();
  expect(paths).toContain('auth.strategies.secretSettings');
  expect(paths).toContain('health.api.ready.dependencies.namePath');
  expect(paths).toContain('ui.login.localStorageKeys');
  expect(paths.length).toBeGreaterThan(100);
});

test('docs/profile.md mentions every field of the profile schema in code', () => {
  const missing = [...fieldPaths(profileSchema)]
    .filter(([key]) => !codeWords.has(key))
    .map(([key, paths]) => `${key} (at ${paths.join(', ')})`);
  expect(missing, 'fields of src/config/profile-schema.ts not described in docs/profile.md').toEqual([]);
});

test('docs/profile.md has a section for every top-level field', () => {
  const headings = [...doc.matchAll(/^## (.*)$/gm)].map((m) => m[1] ?? '');
  const missing = Object.keys(profileSchema.shape).filter(
    (key) => !headings.some((h) => h.includes(`\`${key}\``)),
  );
  expect(missing).toEqual([]);
});

test('every dotted field path docs/profile.md names exists in the schema', () => {
  const known = new Set([...fieldPaths(profileSchema).values()].flat());
  const top = Object.keys(profileSchema.shape);
  const named = [...doc.matchAll(/`((?:[a-z][A-Za-z]*\.)+[a-z][A-Za-z]*)`/g)]
    .map((m) => m[1] ?? '')
    .filter((p) => top.includes(p.split('.')[0] ?? ''));
  expect(named.length).toBeGreaterThan(30);
  expect(named.filter((p) => !known.has(p))).toEqual([]);
});
