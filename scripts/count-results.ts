// Prints the plain `N passed, N failed` line from the Playwright JSON reports of this run (tests actually executed).
import { existsSync, readFileSync } from 'node:fs';

interface JsonReport {
  stats?: { expected: number; unexpected: number; flaky: number; skipped: number };
}

let passed = 0;
let failed = 0;
const files = process.argv.slice(2);
for (const file of files) {
  if (!existsSync(file)) {
    failed += 1; // a suite whose report is missing did not run: that is a failure, never a silent pass
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8')) as JsonReport;
  passed += (report.stats?.expected ?? 0) + (report.stats?.flaky ?? 0);
  failed += report.stats?.unexpected ?? 0;
}
if (process.env.GP_CHECK_FAILED === '1') failed += 1;
console.log(`${passed} passed, ${failed} failed`);
