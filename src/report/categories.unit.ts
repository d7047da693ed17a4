// Unit tests of the catalogue's renderings: Allure categories by label, the generated doc, class-agnostic renaming.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { CATALOGUE, CLASS_IDS } from '../diagnosis/catalogue.ts';
import { allureCategories, CLASS_LABEL, failureClassesDoc } from './categories.ts';

test('Allure categories: one per class of the catalogue, matched by label on failing tests, then the rest', () => {
  const rules = allureCategories();
  expect(rules.map((r) => r.id)).toEqual([
    ...CLASS_IDS.map((c) => `golden-path-${c.toLowerCase()}`),
    'golden-path-unclassified',
  ]);
  for (const [i, id] of CLASS_IDS.entries()) {
    expect(rules[i]?.matchers).toEqual([{ statuses: ['failed', 'broken'], labels: { [CLASS_LABEL]: id } }]);
    expect(rules[i]?.name).toContain(CATALOGUE[id].title);
  }
  expect(rules.at(-1)?.matchers).toEqual([{ statuses: ['failed', 'broken'] }]);
});

test('docs/failure-classes.md is the catalogue as generated (run `npm run docs:classes` after a change)', () => {
  const committed = readFileSync(new URL('../../docs/failure-classes.md', import.meta.url), 'utf8');
  expect(committed, 'docs/failure-classes.md is out of date: run npm run docs:classes').toBe(
    failureClassesDoc(),
  );
});
