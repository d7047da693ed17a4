// Prints the plain `N passed, N failed` line from the Playwright JSON reports of this run (tests actually executed).
import { existsSync } from 'node:fs';
import { commandLine, defineCommand } from '../src/cli/command-line.ts';
import { readReportFile } from '../src/gate/playwright-report.ts';

let passed = 0;
let failed = 0;
const { positionals: files } = commandLine(
  defineCommand({
    name: 'count-results',
    usage: 'tsx scripts/count-results.ts <results.json>…',
    about:
      'Prints "N passed, N failed" from Playwright JSON reports (a missing report counts as one failure;\n' +
      'GP_CHECK_FAILED=1 adds one for a failed npm run check).',
    options: {},
    help: {},
    positionals: true,
  }),
);
for (const file of files) {
  if (!existsSync(file)) {
    failed += 1; // a suite whose report is missing did not run: that is a failure, never a silent pass
    continue;
  }
  // selftest.json carries the same stats block as a Playwright report, and nothing else is read here.
  const { stats } = readReportFile(file);
  passed += (stats?.expected ?? 0) + (stats?.flaky ?? 0);
  failed += stats?.unexpected ?? 0;
}
if (process.env.GP_CHECK_FAILED === '1') failed += 1;
console.log(`${passed} passed, ${failed} failed`);
