// `npm run report`: SLA ledger → sla.json → Allure results (+ load summaries, journey waterfalls) → Allure 3 HTML with history.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { commandLine, defineCommand } from '../src/cli/command-line.ts';
import { readEnvironment } from '../src/config/env-files.ts';
import { runChild } from '../src/gate/child.ts';
import { writeAllureCases, type AllureCase } from '../src/report/allure-writer.ts';
import { loadCases } from '../src/report/load-results.ts';
import {
  loadLedgerEntries,
  parseSummary,
  SummaryError,
  type LoadSummary,
} from '../src/report/load-summary.ts';
import { externalReferences, stripAnalytics } from '../src/report/report-html.ts';
import { addWaterfalls, earliestStart, sourceLinks } from '../src/report/results-dir.ts';
import { slaCases, TREND_RUNS } from '../src/report/sla-results.ts';
import type { TrendPoint } from '../src/report/chart-trend.ts';
import { comparableKinds } from '../src/history/baseline.ts';
import { chooseHistory, describeTarget, openHistoryStore } from '../src/history/location.ts';
import { aggregate, readLedger, type LedgerEntry, type SlaRow } from '../src/sla/ledger.ts';

const ROOT = new URL('..', import.meta.url).pathname;

function fail(line: string, code = 2): never {
  process.stderr.write(`golden-path: report: ${line}\n`);
  process.exit(code);
}

const REPORT_COMMAND = defineCommand({
  name: 'report',
  usage:
    'npm run report -- [--results <dir>] [--ledger <dir>]… [--load <summary.json>]… [--out <dir>] [--history <file.jsonl>] [--sla-json <file>] [--env <name>] [--name <report name>]',
  about:
    'Turns the SLA ledger, the load summaries and the test results into sla.json and Allure results, then generates\n' +
    'the Allure 3 HTML report with history.',
  options: {
    results: { type: 'string', default: 'allure-results' },
    ledger: { type: 'string', multiple: true },
    load: { type: 'string', multiple: true },
    out: { type: 'string', default: 'allure-report' },
    history: { type: 'string' },
    'sla-json': { type: 'string', default: 'test-results/sla.json' },
    extra: { type: 'string', default: 'test-results/allure-harness' },
    env: { type: 'string' },
    name: { type: 'string', default: 'Golden Path' },
    'run-history': { type: 'string' },
  },
  help: {
    results: ['<dir>', 'the Allure results of the test run'],
    ledger: ['<dir>', 'an SLA ledger directory (default: the newest run’s)'],
    load: ['<summary.json>', 'a load summary (default: load-results/latest-*.json)'],
    out: ['<dir>', 'where the HTML report goes'],
    history: [
      '<file.jsonl>',
      'the Allure history file (default: ALLURE_HISTORY_PATH or .allure-history/history.jsonl)',
    ],
    'sla-json': ['<file>', 'where the run’s SLA table is written'],
    extra: ['<dir>', 'where the harness writes its own Allure results (SLAs, load)'],
    env: ['<name>', 'the environment whose settings apply (default: local)'],
    name: ['<report name>', 'the report’s title'],
    'run-history': [
      '<path|url>',
      'the run history (docs/history.md) each SLA’s last-N trend is drawn from (default: DATABASE_URL, HISTORY_PATH, or .history/history.db when it exists)',
    ],
  },
});

/** A ledger directory holds JSONL files, or one folder per run (test-results/sla/<run>/). */
function readLedgers(dirs: readonly string[]): LedgerEntry[] {
  return dirs.flatMap((dir) => {
    if (!existsSync(dir)) fail(`ledger directory ${dir} does not exist`);
    const runs = readdirSync(dir).filter((d) => statSync(join(dir, d)).isDirectory());
    return [...readLedger(dir), ...runs.flatMap((d) => readLedger(join(dir, d)))];
  });
}

/** The newest run folder (named by its start time) under any of `roots`, as a one-element list; none: empty. */
function newestRun(roots: readonly string[]): string[] {
  const runs = roots
    .filter((r) => existsSync(r))
    .flatMap((r) =>
      readdirSync(r)
        .filter((d) => statSync(join(r, d)).isDirectory())
        .map((d) => ({ dir: join(r, d), name: d })),
    );
  const newest = runs.sort((a, b) => b.name.localeCompare(a.name))[0];
  return newest ? [newest.dir] : [];
}

function readSummary(file: string): LoadSummary {
  if (!existsSync(file)) fail(`load summary ${relative(ROOT, file)} does not exist`);
  try {
    return parseSummary(readFileSync(file, 'utf8'), relative(ROOT, file));
  } catch (error) {
    if (error instanceof SummaryError) fail(error.message);
    throw error;
  }
}

/** `load-results/latest-ws-concurrency.json` → `ws-concurrency`, unless the summary names its scenario. */
function scenarioOf(file: string, summary: LoadSummary): string {
  return summary.golden_path?.scenario ?? basename(file, '.json').replace(/^latest-/, '');
}

/** Each SLA's stored runs (oldest first) from the run history, when there is one to read. */
async function readTrends(
  flag: string | undefined,
  settings: Record<string, string>,
  rows: readonly SlaRow[],
  environment: string,
): Promise<{ points: Map<string, TrendPoint[]>; note: string }> {
  const points = new Map<string, TrendPoint[]>();
  let choice;
  try {
    choice = chooseHistory(flag, settings, ROOT);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (!choice.explicit && choice.target.kind === 'sqlite' && !existsSync(choice.target.path))
    return { points, note: `none (no run history at ${describeTarget(choice.target)})` };
  const store = await openHistoryStore(choice.target).catch((error: unknown) =>
    fail(
      `the run history ${describeTarget(choice.target)} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    ),
  );
  try {
    for (const row of rows) {
      const load = row.sources.every((s) => s.startsWith('load ›'));
      const series = await store.series(row.id, {
        environment,
        kind: comparableKinds(load ? 'load' : 'gate'),
      });
      points.set(
        row.id,
        series.slice(-TREND_RUNS).map((p) => ({ at: p.at, measured: p.measured, status: p.status })),
      );
    }
  } finally {
    await store.close();
  }
  return { points, note: `last ${TREND_RUNS} runs from ${describeTarget(choice.target)}` };
}

async function main(): Promise<void> {
  const o = commandLine(REPORT_COMMAND).values;
  const at = (p: string): string => resolve(ROOT, p);
  const environment = o.env ?? 'local';
  const settings = readEnvironment(environment, ROOT, process.env).values;
  const history = at(o.history ?? settings.ALLURE_HISTORY_PATH ?? '.allure-history/history.jsonl');
  const resultsDir = at(o.results);
  const extraDir = at(o.extra);
  const outDir = at(o.out);

  const loadDir = at('load-results');
  const latest = existsSync(loadDir)
    ? readdirSync(loadDir)
        .filter((f) => /^latest-.*\.json$/.test(f))
        .map((f) => join('load-results', f))
    : [];
  const loads = (o.load ?? latest)
    .map(at)
    .map((file) => ({ file, name: relative(ROOT, file), summary: readSummary(file) }));

  // One sla.json for the run: the functional suites' ledger and the load runs' SLA thresholds together.
  // By default the newest run's ledger (a plain run's or the gate's, whichever ran last): never several runs mixed.
  const ledgerDirs = (o.ledger ?? newestRun(['test-results/sla', 'test-results/gate/sla'].map(at))).map(at);
  const entries = readLedgers(ledgerDirs);
  for (const l of loads) {
    const finishedAt = l.summary.golden_path?.finishedAt ?? new Date(statSync(l.file).mtimeMs).toISOString();
    entries.push(
      ...loadLedgerEntries(
        l.summary,
        scenarioOf(l.file, l.summary),
        l.summary.golden_path?.environment ?? environment,
        finishedAt,
      ),
    );
  }
  const rows = aggregate(entries);
  mkdirSync(dirname(at(o['sla-json'])), { recursive: true });
  writeFileSync(
    at(o['sla-json']),
    `${JSON.stringify({ generatedAt: new Date().toISOString(), slas: rows }, null, 2)}\n`,
  );

  const hasResults =
    existsSync(resultsDir) && readdirSync(resultsDir).some((f) => f.endsWith('-result.json'));
  if (!hasResults && rows.length === 0 && loads.length === 0) {
    fail(
      `nothing to report: no results in ${relative(ROOT, resultsDir)}, no SLA ledger, no load summary (run the suites first)`,
    );
  }

  const waterfalls = hasResults ? addWaterfalls(resultsDir) : 0;
  const links = hasResults ? sourceLinks(resultsDir) : new Map<string, string>();
  const runStartedAt = hasResults ? earliestStart(resultsDir) : undefined;
  const trends = await readTrends(o['run-history'], settings, rows, environment);
  const cases: AllureCase[] = slaCases(rows, {
    entries,
    trends: trends.points,
    linkFor: (s) => links.get(s),
    ...(runStartedAt !== undefined ? { runStartedAt } : {}),
  });
  for (const l of loads) {
    cases.push(
      ...loadCases(l.summary, {
        scenario: scenarioOf(l.file, l.summary),
        environment,
        file: l.name,
        at: statSync(l.file).mtimeMs,
      }),
    );
  }
  // Rewritten every time: the harness's own results describe this run only.
  rmSync(extraDir, { recursive: true, force: true });
  writeAllureCases(cases, { resultsDir: extraDir });

  // The package exports only its API (dist/index.js); its command is cli.js beside dist/.
  // Allure writes beside an existing report (a stale index.html would then show the old data): start empty,
  // but never remove a directory that is not a report.
  if (existsSync(outDir)) {
    const entries = readdirSync(outDir);
    if (outDir === ROOT.replace(/\/$/, '') || (entries.length > 0 && !entries.includes('index.html')))
      fail(`refusing to replace ${outDir}: not a report directory`);
    rmSync(outDir, { recursive: true, force: true });
  }
  const cli = join(dirname(createRequire(join(ROOT, 'package.json')).resolve('allure')), '..', 'cli.js');
  // The harness's own results first: Allure lists groups in reading order, so the SLA suite leads the overview.
  const dirs = [extraDir, ...(hasResults ? [resultsDir] : [])];
  const run = await runChild(
    process.execPath,
    [cli, 'generate', ...dirs, '--output', outDir, '--config', at('allurerc.mjs'), '--name', o.name],
    {
      cwd: ROOT,
      env: { ...process.env, ALLURE_HISTORY_PATH: history },
      timeoutMs: 180_000,
      out: () => undefined,
    },
  );
  if (run.exitCode !== 0 || !existsSync(join(outDir, 'index.html'))) {
    fail(
      `allure generate failed (${run.timedOut ? 'timed out' : `exit ${String(run.exitCode)}`}): ${run.stderrTail.slice(-3).join(' | ')}`,
      1,
    );
  }

  // Allure's HTML embeds an analytics tag; a report must make no outside requests.
  for (const page of readdirSync(outDir, { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.html'),
  )) {
    const file = join(outDir, page);
    const html = stripAnalytics(readFileSync(file, 'utf8'));
    writeFileSync(file, html);
    const outside = externalReferences(html);
    if (outside.length > 0)
      fail(`${relative(ROOT, file)} still loads from outside: ${outside.join(', ')}`, 1);
  }

  const failed = rows.filter((r) => !r.pass).length;
  process.stdout.write(
    [
      `golden-path: report: ${relative(ROOT, outDir)}/index.html (npm run report:open)`,
      `  SLA suite: ${rows.length} SLA(s), ${failed} failed → ${relative(ROOT, at(o['sla-json']))}`,
      `  load: ${loads.length} summary file(s)${loads.length ? ` (${loads.map((l) => l.name).join(', ')})` : ''}`,
      `  journey waterfalls added: ${waterfalls}; history: ${relative(ROOT, history)}`,
      `  SLA trends: ${trends.note}`,
      '',
    ].join('\n'),
  );
}

await main();
