// `npm run monitor -- --env <environment> --every 5m | --once`: the @smoke selection on a cadence, each run recorded
// in the run history, a line per run; graceful stop on SIGINT/SIGTERM (a second signal stops the run under way).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { commandLine, defineCommand, exitWithUsageError } from '../src/cli/command-line.ts';
import { readEnvironment } from '../src/config/env-files.ts';
import { HistoryArgError } from '../src/history/baseline.ts';
import { chooseHistory, describeTarget, openHistoryStore } from '../src/history/location.ts';
import type { HistoryStore } from '../src/history/types.ts';
import { startLocalRun } from '../src/local-target/local-run.ts';
import { Alerter } from '../src/monitor/alerts.ts';
import { Monitor, type MonitorRunEvent } from '../src/monitor/loop.ts';
import { MonitorMetrics } from '../src/monitor/metrics.ts';
import { exportRun } from '../src/monitor/otlp.ts';
import { statusPageHtml } from '../src/monitor/status-page.ts';
import { parseEvery } from '../src/monitor/cadence.ts';
import { crashedRecord, runSmoke } from '../src/monitor/smoke-run.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const DEFAULT_DEADLINE_MS = 300_000;

const MONITOR_COMMAND = defineCommand({
  name: 'monitor',
  usage:
    'npm run monitor -- --env <environment> (--every <interval> | --once) [--grep @smoke] [--deadline <time>] [--history <path|url>]',
  about:
    'Runs a selection of the suites (the @smoke Golden Path by default) against an environment on a cadence, one run\n' +
    'at a time, each bounded by a deadline and recorded in the run history (docs/history.md). --once runs it once\n' +
    '(cron, CI): exit 0 passed or degraded, 1 failed, 3 crashed, 2 misuse.',
  options: {
    env: { type: 'string' },
    every: { type: 'string' },
    once: { type: 'boolean' },
    grep: { type: 'string', default: '@smoke' },
    deadline: { type: 'string' },
    jitter: { type: 'string' },
    faults: { type: 'string' },
    history: { type: 'string' },
    out: { type: 'string', default: 'test-results/monitor' },
    'alert-webhook': { type: 'string' },
    'alert-format': { type: 'string', default: 'slack' },
    remind: { type: 'string' },
    'metrics-port': { type: 'string' },
    'status-page': { type: 'string' },
    otlp: { type: 'string' },
  },
  help: {
    env: ['<environment>', 'the environment to watch: local, staging, production, … (required)'],
    every: ['<interval>', 'the cadence: 10s, 5m, 1h (at least 5s)'],
    once: 'one run, then exit with its state',
    grep: ['<pattern>', 'the tests to run (a Playwright --grep)'],
    deadline: ['<time>', 'a run not finished by then is stopped and recorded as crashed (default 5m)'],
    jitter: ['<time>', 'up to this much added to each wait (default: a tenth of the cadence)'],
    faults: ['<spec>', 'GP_FAULTS for the local reference target (local environments only)'],
    history: [
      '<path|url>',
      'where runs are recorded (default: DATABASE_URL, HISTORY_PATH, .history/history.db)',
    ],
    out: ['<dir>', 'where each run’s reports go (the newest 5 are kept)'],
    'alert-webhook': [
      '<url>',
      'POST an alert when the state changes (red, recovered) and each --remind while red',
    ],
    'alert-format': ['slack|json', 'the alert body: Slack’s incoming-webhook shape (default) or plain JSON'],
    remind: ['<interval>', 'while red, a reminder this long after the last alert (default: none)'],
    'metrics-port': [
      '<port>',
      'serve Prometheus metrics on http://127.0.0.1:<port>/metrics (0: a free port)',
    ],
    'status-page': ['<file>', 'write the static status page there after each run'],
    otlp: [
      '<url>',
      'export each run as OpenTelemetry spans (OTLP/HTTP JSON), e.g. http://collector:4318/v1/traces',
    ],
  },
});

function line(e: MonitorRunEvent): string {
  const r = e.run;
  const failed = r.checks.filter((c) => c.state === 'failed');
  const first = [...failed.flatMap((c) => (c.finding ? [c.finding] : [])), ...(r.findings ?? [])][0];
  const ms = Date.parse(r.endedAt) - Date.parse(r.startedAt);
  const change = e.previous !== undefined && e.changed ? ` (was ${e.previous})` : '';
  return `golden-path monitor: #${e.sequence} ${r.startedAt} ${r.environment} ${r.state}${change} in ${(ms / 1000).toFixed(1)} s: ${r.checks.length} check(s), ${failed.length} failed${first ? ` — ${first.class} ${first.summary}` : ''}${e.recordError ? ` [not recorded: ${e.recordError}]` : ''}\n`;
}

/** What follows a run: its alert (when it is news) and the status page; neither can fail the monitor. */
async function afterRun(
  e: MonitorRunEvent,
  alerter: Alerter | undefined,
  store: HistoryStore,
  statusPage: string | undefined,
  otlp: string | undefined,
): Promise<void> {
  const exported = otlp ? await exportRun(otlp, e.run) : undefined;
  if (exported) process.stdout.write(`golden-path monitor: spans not exported (${exported})\n`);
  const sent = await alerter?.onRun(e).catch((error: unknown) => ({
    message: undefined,
    delivered: false,
    error: error instanceof Error ? error.message : String(error),
  }));
  if (sent)
    process.stdout.write(
      `golden-path monitor: alert ${sent.message?.kind ?? '?'} ${sent.delivered ? 'delivered' : `not delivered (${sent.error ?? ''})`}\n`,
    );
  if (statusPage)
    await statusPageHtml(store, { environment: e.run.environment })
      .then((html) => writeFileSync(statusPage, html))
      .catch((error: unknown) =>
        process.stderr.write(`golden-path monitor: status page not written: ${String(error)}\n`),
      );
}

async function main(): Promise<number> {
  const { values: o } = commandLine(MONITOR_COMMAND);
  if (!o.env) throw new HistoryArgError('--env is required');
  if ((o.every === undefined) === (o.once !== true))
    throw new HistoryArgError('give exactly one of --every <interval> and --once');
  if (o.faults !== undefined && !o.env.startsWith('local'))
    throw new HistoryArgError(
      `--faults switches failure modes of the local reference target; it cannot apply to "${o.env}"`,
    );
  const everyMs = o.every !== undefined ? parseEvery('--every', o.every, 5_000) : 0;
  // A run's own length, not the cadence: a run longer than the cadence delays the next, it is not cut short.
  const deadlineMs =
    o.deadline !== undefined ? parseEvery('--deadline', o.deadline, 5_000) : DEFAULT_DEADLINE_MS;
  const jitterMs = o.jitter !== undefined ? parseEvery('--jitter', o.jitter, 0) : Math.floor(everyMs / 10);
  const environment = o.env;
  const choice = chooseHistory(
    o.history,
    readEnvironment(environment.startsWith('local') ? 'local' : environment, ROOT, process.env).values,
    ROOT,
  );
  const format = o['alert-format'];
  if (format !== 'slack' && format !== 'json')
    throw new HistoryArgError(`--alert-format must be slack or json, got "${format}"`);
  const remindMs = o.remind !== undefined ? parseEvery('--remind', o.remind, 1_000) : undefined;
  const metricsPort = o['metrics-port'] !== undefined ? Number(o['metrics-port']) : undefined;
  if (
    metricsPort !== undefined &&
    !(Number.isInteger(metricsPort) && metricsPort >= 0 && metricsPort < 65536)
  )
    throw new HistoryArgError(`--metrics-port must be a port number, got "${o['metrics-port']}"`);
  for (const flag of ['alert-webhook', 'otlp'] as const)
    if (o[flag] !== undefined && !/^https?:\/\//.test(o[flag] ?? ''))
      throw new HistoryArgError(`--${flag} must be an http(s) URL`);
  const store = await openHistoryStore(choice.target);
  // `local`: one reference target for all the runs, so its faults can be switched while the monitor watches.
  const local =
    environment === 'local' ? await startLocalRun({ root: ROOT, faults: o.faults ?? '' }) : undefined;
  // An absolute --out is used as given; a relative one is under the project.
  const outRoot = resolve(ROOT, o.out);
  if (local) {
    mkdirSync(outRoot, { recursive: true });
    const handOff = local.target.handOff(local.jwtSecret);
    // Mode 0600: the admin token switches faults; a test or an operator on this machine reads it from here.
    writeFileSync(
      join(outRoot, 'local-target.json'),
      JSON.stringify({ url: handOff.url, adminToken: handOff.adminToken }),
      { mode: 0o600 },
    );
    process.stderr.write(
      `golden-path monitor: reference target at ${local.target.url} (its admin route: ${join(outRoot, 'local-target.json')})\n`,
    );
  }
  const alerter = o['alert-webhook']
    ? new Alerter({ url: o['alert-webhook'], format, store, ...(remindMs !== undefined ? { remindMs } : {}) })
    : undefined;
  const metrics = metricsPort !== undefined ? new MonitorMetrics(environment) : undefined;
  const served = metrics && metricsPort !== undefined ? await metrics.serve(metricsPort) : undefined;
  if (served) process.stderr.write(`golden-path monitor: metrics at ${served.url}\n`);
  process.stderr.write(
    `golden-path monitor: ${environment}, ${o.grep}, ${o.once ? 'once' : `every ${o.every} (+ up to ${jitterMs} ms jitter)`}, deadline ${deadlineMs} ms; recording in ${describeTarget(choice.target)}\n`,
  );
  const monitor = new Monitor({
    everyMs,
    jitterMs,
    deadlineMs,
    once: o.once === true,
    store,
    execute: (signal, deadline) =>
      runSmoke(
        {
          root: ROOT,
          environment,
          grep: o.grep,
          outRoot,
          ...(local
            ? { env: { GP_SHARED_TARGET: JSON.stringify(local.target.handOff(local.jwtSecret)) } }
            : {}),
          ...(o.faults !== undefined && !local ? { faults: o.faults } : {}),
        },
        signal,
        deadline,
      ),
    crashed: (startedAt, reason) => crashedRecord(environment, o.grep, startedAt, reason),
  });
  let last: MonitorRunEvent | undefined;
  let signals = 0;
  const pending = new Set<Promise<void>>();
  monitor.onRun((e) => {
    last = e;
    process.stdout.write(line(e));
    metrics?.observe(e.run);
    // A run the operator stopped (a second signal) says nothing about the product: no alert for it.
    const stoppedByUs = signals > 1 && e.run.state === 'crashed';
    const after = afterRun(e, stoppedByUs ? undefined : alerter, store, o['status-page'], o.otlp).finally(
      () => pending.delete(after),
    );
    pending.add(after);
  });
  const onSignal = (name: string): void => {
    if (++signals === 1) {
      process.stderr.write(
        `golden-path monitor: ${name}: stopping after the run under way (again to stop it now)\n`,
      );
      monitor.stop();
    } else monitor.abort();
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  try {
    await monitor.start();
  } finally {
    await Promise.all(pending);
    await alerter?.close();
    served?.server.close();
    await local?.target.stop();
    await store.close();
  }
  if (!o.once) return 0;
  const state = last?.run.state;
  return state === 'passed' || state === 'degraded' ? 0 : state === 'crashed' ? 3 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof HistoryArgError) exitWithUsageError(MONITOR_COMMAND, error.message);
    process.stderr.write(`golden-path monitor: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
