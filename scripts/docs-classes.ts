// Writes docs/failure-classes.md from the catalogue (src/diagnosis/catalogue.ts); `--check` only compares.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { failureClassesDoc } from '../src/report/categories.ts';

const USAGE = `usage: npm run docs:classes [-- --check]
Writes docs/failure-classes.md from src/diagnosis/catalogue.ts.
  --check   compare only; exit 1 when the committed file is out of date
  -h, --help  this text`;

let values: { check?: boolean; help?: boolean };
try {
  ({ values } = parseArgs({
    options: { check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  }));
} catch (error) {
  process.stderr.write(`docs:classes: ${(error as Error).message} (see --help)\n`);
  process.exit(2);
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const file = new URL('../docs/failure-classes.md', import.meta.url);
const doc = failureClassesDoc();
if (values.check) {
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // missing: out of date
  }
  if (current !== doc) {
    process.stderr.write('docs/failure-classes.md is out of date: run npm run docs:classes\n');
    process.exit(1);
  }
  process.stdout.write('docs/failure-classes.md is up to date\n');
} else {
  writeFileSync(file, doc);
  process.stdout.write('wrote docs/failure-classes.md\n');
}
