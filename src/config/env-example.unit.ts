// Docs match the code: every setting the schema knows (and every name override) is documented in .env.example.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { PROFILE_OVERRIDES } from './profile-overrides.ts';
import { settingsSchema } from './settings.ts';

test('.env.example documents every setting', () => {
  const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
  const documented = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
  const known = [...Object.keys(settingsSchema.shape), ...Object.keys(PROFILE_OVERRIDES)];
  expect(known.filter((name) => !documented.has(name))).toEqual([]);
});
