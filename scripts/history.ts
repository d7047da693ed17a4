// `npm run history -- --check <sla> --since 7d | --flaky | --runs | --record nightly …`: reads (and fills) the run history.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { commandLine, defineCommand, exitWithUsageError } from '../src/cli/command-line.ts';
import { readEnvironment } from '../src/config/env-files.ts';
import { format } from '../src/sla/judge.ts';
import { readReportFile, readRunReport } from '../src/gate/playwright-report.ts';
import { harnessCommit } from '../src/report/environment-info.ts';
import { aggregate, readLedger } from '../src/sla/ledger.ts';
import { HistoryArgError, parseSince } from '../src/history/baseline.ts';
import { flakeStats } from '../src/history/flakes.ts';
import {
  chooseHistory,
  describeTarget,
  HistoryTargetError,
  openHistoryStore,
  type HistoryChoice,
} from '../src/history/location.ts';
import { playwrightRunRecord } from '../src/history/records.ts';
import { resolveSla } from '../src/history/sla-name.ts';
import { seriesTable, sparkline } from '../src/history/sparkline.ts';
import type { HistoryStore, RunKind } from '../src/history/types.ts';

const ROOT = new URL('..', import.meta.url).pathname;

const HISTORY_COMMAND = defineCommand({
  name: 'history',
  usage:
    'npm run history -- (--check <sla> [--since 7d] | --flaky [--window 20] | --runs | --record nightly --results <file> --ledger <dir>) [--env <name>] [--history <path|url>]',
  about:
    'Reads the run history the gate, nightly runs, load runs and the monitor write: one SLA’s series (a sparkline and\n' +
    'a table), the flakiest tests over the last runs, the recent runs; --record stores a plain Playwright run.',
  options: {
    check: { type: 'string' },
    since: { type: 'string', default: '7d' },
    flaky: { type: 'boolean' },
    window: { type: 'string', default: '20' },
    top: { type: 'string', default: '20' },
    runs: { type: 'boolean' },
    record: { type: 'string' },
    results: { type: 'string' },
    ledger: { type: 'string' },
    selection: { type: 'string', default: 'all' },
    env: { type: 'string' },
    kind: { type: 'string' },
    history: { type: 'string' },
  },
  help: {
    check: [
      '<sla>',
      'print the series of one SLA: its id (auth.login.latency) or subject.statistic (auth.login.p95)',
    ],
    since: ['<span>', 'how far back --check and --runs read: 30m, 24h, 7d, 2w'],
    flaky: 'list the flakiest tests: passed only on a retry, or failed once between passes',
    window: ['<n>', 'the last n runs of each test that --flaky counts'],
    top: ['<n>', 'how many tests --flaky lists'],
    runs: 'list the recent runs with their state',
    record: [
      'nightly|gate|monitor',
      'store a finished Playwright run (with --results and --ledger) as this kind',
    ],
    results: ['<file>', 'the run’s Playwright JSON report (PLAYWRIGHT_JSON_OUTPUT_FILE)'],
    ledger: ['<dir>', 'the run’s SLA ledger directory (one folder per run is read too)'],
    selection: ['<what>', 'what the recorded run ran (a tag, a grep, a project)'],
    env: ['<name>', 'the environment: filters what is read, names what is recorded (default: all / local)'],
    kind: ['<kind>', 'read only runs of this kind: gate, nightly, monitor, load'],
    history: [
      '<path|url>',
      'the store: a SQLite file or a postgres:// URL (default: DATABASE_URL, HISTORY_PATH, .history/history.db)',
    ],
  },
  notes: 'Exit 0, or 2 on a misuse or a store that cannot be opened. Documented in docs/history.md.',
});

class UsageError extends Error {}

const KINDS: readonly RunKind[] = ['gate', 'nightly', 'monitor', 'load'];

function count(flag: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 10_000)
    throw new UsageError(`--${flag} must be a whole number 1–10000, got "${raw}"`);
  return n;
}

function kindOf(flag: string, raw: string): RunKind {
  if (!(KINDS as readonly string[]).includes(raw))
    throw new UsageError(`--${flag} must be one of ${KINDS.join(', ')}, got "${raw}"`);
  return raw as RunKind;
}

async function check(
  store: HistoryStore,
  name: string,
  since: number,
  env?: string,
  kind?: RunKind,
): Promise<string> {
  const def = resolveSla(name);
  if (!def) throw new UsageError(`--check: no SLA "${name}" in the SLA table (docs/slas.md)`);
  const from = new Date(Date.now() - since);
  const points = await store.series(def.id, {
    since: from,
    ...(env ? { environment: env } : {}),
    ...(kind ? { kind } : {}),
  });
  const bound =
    def.bound === 'report'
      ? 'reported'
      : `${def.bound === 'max' ? '≤' : '≥'} ${format(def.target, def.unit)}`;
  const head = `${def.id} (${def.statistic}, ${bound}${def.degraded !== undefined ? `, degraded past ${format(def.degraded, def.unit)}` : ''})${env ? ` on ${env}` : ''} since ${from.toISOString()}`;
  if (points.length === 0) return `${head}: no measurement in the history\n`;
  const counts = ['passed', 'degraded', 'failed', 'unmeasured', 'reported']
    .map((s) => [s, points.filter((p) => p.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  return [
    `${head}: ${points.length} run(s) — ${counts}`,
    `  ${sparkline(points.map((p) => p.measured))}  (oldest → newest)`,
    '',
    seriesTable(points),
    '',
  ].join('\n');
}

async function flaky(
  store: HistoryStore,
  window: number,
  top: number,
  env?: string,
  kind?: RunKind,
): Promise<string> {
  const runs = await store.runs({
    limit: window * 5,
    ...(env ? { environment: env } : {}),
    ...(kind ? { kind } : {}),
  });
  const stats = flakeStats(runs, window)
    .filter((s) => s.flakes > 0)
    .slice(0, top);
  if (stats.length === 0)
    return `no flaky test in the last ${runs.length} run(s)${env ? ` on ${env}` : ''}\n`;
  return [
    `flakiest tests over their last ${window} runs (R passed on a retry, F failed, P passed; newest first):`,
    ...stats.map(
      (s) =>
        `  ${`${Math.round(s.rate * 100)} %`.padStart(5)}  ${`${s.flakes}/${s.runs}`.padStart(6)}  ${s.strip.padEnd(window)}  ${s.name}`,
    ),
    '',
  ].join('\n');
}

async function recent(store: HistoryStore, since: number, env?: string, kind?: RunKind): Promise<string> {
  const runs = await store.runs({
    since: new Date(Date.now() - since),
    limit: 50,
    ...(env ? { environment: env } : {}),
    ...(kind ? { kind } : {}),
  });
  if (runs.length === 0) return 'no run in the history for that span\n';
  return [
    ...runs.map((r) => {
      const failed = r.checks.filter((c) => c.state === 'failed').length;
      const first = [...r.checks.flatMap((c) => (c.finding ? [c.finding] : [])), ...(r.findings ?? [])][0];
      return `${r.startedAt}  ${r.kind.padEnd(7)}  ${r.environment.padEnd(10)}  ${r.state.padEnd(8)}  ${r.checks.length} check(s), ${failed} failed, ${r.slas.length} SLA(s)${first ? `  — ${first.class} ${first.summary}` : ''}`;
    }),
    '',
  ].join('\n');
}

/** A ledger directory holds JSONL files, or one folder per run. */
function ledgerEntries(dir: string) {
  if (!existsSync(dir)) throw new UsageError(`--ledger ${dir} does not exist`);
  return [
    ...readLedger(dir),
    ...readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => readLedger(join(dir, d.name))),
  ];
}

async function record(
  store: HistoryStore,
  kind: RunKind,
  o: { results?: string; ledger?: string; env: string; selection: string },
  choice: HistoryChoice,
): Promise<string> {
  if (!o.results) throw new UsageError('--record needs --results <the run’s Playwright JSON report>');
  const file = resolve(o.results);
  if (!existsSync(file)) throw new UsageError(`--results ${o.results} does not exist`);
  const report = readRunReport(readReportFile(file));
  const rows = aggregate(o.ledger ? ledgerEntries(resolve(o.ledger)) : []);
  const startedAt = report.startTime ?? new Date().toISOString();
  const endedAt = new Date(Date.parse(startedAt) + (report.durationMs ?? 0)).toISOString();
  const run = playwrightRunRecord({
    environment: o.env,
    tests: report.tests,
    runErrors: report.errors,
    slaRows: rows,
    startedAt,
    endedAt,
    harnessCommit: harnessCommit(ROOT),
    ctx: { kind, selection: o.selection },
  });
  await store.record(run);
  return `recorded ${kind} run ${run.id} on ${o.env}: ${run.state}, ${run.checks.length} check(s), ${run.slas.length} SLA(s) → ${describeTarget(choice.target)}\n`;
}

async function main(): Promise<void> {
  const { values: o } = commandLine(HISTORY_COMMAND);
  const modes = [o.check !== undefined, o.flaky === true, o.runs === true, o.record !== undefined].filter(
    Boolean,
  ).length;
  if (modes !== 1)
    throw new UsageError('give exactly one of --check <sla>, --flaky, --runs, --record <kind>');
  const since = parseSince(o.since);
  const window = count('window', o.window);
  const top = count('top', o.top);
  const kind = o.kind !== undefined ? kindOf('kind', o.kind) : undefined;
  const recordKind = o.record !== undefined ? kindOf('record', o.record) : undefined;
  const settings = readEnvironment(o.env ?? 'local', ROOT, process.env).values;
  const choice = chooseHistory(o.history, settings, ROOT);
  if (recordKind === undefined && choice.target.kind === 'sqlite' && !existsSync(choice.target.path))
    throw new HistoryTargetError(
      `no history at ${describeTarget(choice.target)} (from ${choice.from}): record a run first (docs/history.md)`,
    );
  const store = await openHistoryStore(choice.target);
  try {
    const out =
      o.check !== undefined
        ? await check(store, o.check, since, o.env, kind)
        : o.flaky
          ? await flaky(store, window, top, o.env, kind)
          : o.runs
            ? await recent(store, since, o.env, kind)
            : await record(
                store,
                recordKind as RunKind,
                { ...o, env: o.env ?? 'local', selection: o.selection },
                choice,
              );
    process.stdout.write(out);
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof HistoryArgError)
    exitWithUsageError(HISTORY_COMMAND, error.message);
  const line = error instanceof Error ? error.message : String(error);
  process.stderr.write(`golden-path: history: ${line}\n`);
  process.exit(2);
});
