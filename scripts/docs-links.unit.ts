// The documentation a user clones is complete: every relative link in the READMEs and docs/ points at a file of
// this repository, and nothing points at design notes that live outside it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PAGES = [
  'README.md',
  'load/README.md',
  'reference-target/README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** The targets of `[text](target)` links, without their `#fragment` or title; external and in-page links left out. */
function relativeLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((m) => m[1] ?? '')
    .filter((target) => !/^(?:[a-z][a-z0-9+.-]*:|#)/i.test(target))
    .map((target) => target.split('#')[0] ?? '');
}

test('the link reader finds relative links and leaves external ones out', () => {
  expect(
    relativeLinks('[a](docs/x.md) [b](https://e.test/y.md) [c](#top) [d](../p.ts#L3) [e](f.md "t")'),
  ).toEqual(['docs/x.md', '../p.ts', 'f.md']);
});

test('the documentation pages are there', () => {
  expect(PAGES).toEqual(
    expect.arrayContaining([
      'docs/profile.md',
      'docs/slas.md',
      'docs/contract.md',
      'docs/architecture.md',
      'docs/your-product.md',
      'docs/failure-classes.md',
    ]),
  );
});

for (const page of PAGES)
  test(`every relative link in ${page} points at a file of the repository`, () => {
    const text = readFileSync(join(ROOT, page), 'utf8');
    const broken = relativeLinks(text).filter((target) => {
      const file = resolve(ROOT, dirname(page), target);
      return relative(ROOT, file).startsWith('..') || !existsSync(file);
    });
    expect(broken, `broken links in ${page}`).toEqual([]);
    // Design notes live outside the repository a user clones: a page that cites them sends the user nowhere.
    expect(text).not.toContain('shared/design');
  });
