// npm run bench:golden-path — wall time of the golden-path folder on the local project, and where it goes.
// Prints figures only: these machines are shared, so nothing here is asserted.
import { join } from 'node:path';
import { commandLine, defineCommand } from '../src/cli/command-line.ts';
import { runSuites, type ChildTest } from '../src/selftest/child-run.ts';
import { summarize } from '../src/sla/stats.ts';
import { formatDuration } from '../src/format/duration.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const { values } = commandLine(
  defineCommand({
    name: 'bench:golden-path',
    usage: 'npm run bench:golden-path -- [--runs <n>]',
    about:
      'Runs the golden-path folder on the local project several times and prints wall times (figures only).',
    options: { runs: { type: 'string', default: '3' } },
    help: { runs: ['<n>', 'how many runs'] },
  }),
);
const runs = Number(values.runs);
const walls: number[] = [];
/** Per-test durations of the last run. */
let lastRun: ChildTest[] = [];

for (let i = 0; i < runs; i++) {
  const outcome = await runSuites({
    root: ROOT,
    workDir: join(ROOT, 'test-results', 'bench-golden-path', String(i)),
    args: ['tests/golden-path', '--project=local'],
    env: {},
    timeoutMs: 300_000,
  });
  if (outcome.exitCode !== 0) {
    console.error(`run ${i + 1} failed (exit ${outcome.exitCode}); figures from a red run are not figures`);
    process.exit(1);
  }
  walls.push(outcome.ms);
  lastRun = outcome.tests;
  process.stderr.write(`run ${i + 1}/${runs}: ${formatDuration(outcome.ms, { unit: 's' })} wall\n`);
}

const w = summarize(walls);
console.log(
  `golden-path folder, --project=local, ${runs} runs (wall, incl. Playwright start-up and per-worker reference targets)`,
);
console.log(
  `  wall  median ${formatDuration(w.p50, { unit: 's' })}  min ${formatDuration(w.min, { unit: 's' })}  max ${formatDuration(w.max, { unit: 's' })}  (n=${w.n})`,
);
console.log('  per test (last run):');
for (const t of lastRun)
  console.log(`    ${formatDuration(t.durationMs ?? 0, { unit: 's' }).padStart(7)}  ${t.title}`);
