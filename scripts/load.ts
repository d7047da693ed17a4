// `npm run load -- --env <environment> --scenario <name> [--vus N] [--duration 60s] …`: resolves the config, then runs
// the scenario on k6 when one is found (K6_BIN or PATH), else on the built-in Node executor, and says which.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandLine, defineCommand, exitWithUsageError } from '../src/cli/command-line.ts';
import { useRequestIdHeader } from '../src/clients/correlation.ts';
import { readEnvironment } from '../src/config/env-files.ts';
import { ConfigError, loadConfig, redact, type Config } from '../src/config/index.ts';
import type { LocalTarget } from '../src/local-target/launcher.ts';
import { defaultRampUp, SCENARIOS, type ScenarioName } from '../load/lib/load-shapes.ts';
import { planToEnv, PlanError, usersToEnv, type LoadPlan, type LoginMode } from '../load/lib/plan.ts';
import { failedThresholds, type LoadSummary } from '../load/lib/summary.ts';
import { mergeSummaries, MergeError } from '../load/lib/merge.ts';
import { HDR_RESOLUTION } from '../load/lib/hdr.ts';
import { describeBreach, formatSummaryText } from '../load/lib/summary-text.ts';
import { guardPlan, LoadGuardError } from '../load/node-executor/guards.ts';
import {
  describeCommand,
  describeK6Exit,
  findK6,
  K6_EXIT,
  k6RunArgs,
  startK6,
} from '../load/node-executor/k6-runner.ts';
import { startLocalRun } from '../src/local-target/local-run.ts';
import {
  k6ProfileEnv,
  loadUsers,
  planFromConfig,
  profileSecretEnv,
  type PlanRequest,
} from '../load/node-executor/plan-from-config.ts';
import { summaryFiles, writeSummary } from '../load/node-executor/results.ts';
import { runNodeScenario } from '../load/node-executor/run.ts';
import { unreachable } from '../load/node-executor/reachability.ts';
import { buildLoadBundles } from './build-load.ts';
import { chooseHistory, describeTarget, openHistoryStore } from '../src/history/location.ts';
import { loadRunRecord } from '../src/history/records.ts';
import { parseSummary } from '../src/report/load-summary.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
class UsageError extends Error {}

function seconds(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(raw.trim());
  if (!m?.[1]) throw new UsageError(`--${flag} "${raw}" is not a duration such as 90s, 5m or 1h`);
  const factor = { ms: 0.001, s: 1, m: 60, h: 3600 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * factor;
}

function count(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`--${flag} "${raw}" is not a whole number`);
  return Number(raw);
}

function loginMode(raw: string | undefined): LoginMode | undefined {
  if (raw === undefined || raw === 'per-vu' || raw === 'per-user') return raw;
  throw new UsageError('--login must be per-vu or per-user');
}

const LOAD_COMMAND = defineCommand({
  name: 'load',
  prefix: 'golden-path load:',
  usage:
    'npm run load -- --scenario ws-concurrency|health-latency [--env local] [options]\n' +
    '       npm run load -- --merge a.json b.json … [--out <dir>]',
  about:
    'Runs a load scenario on k6 when one is found (K6_BIN or PATH), else on the built-in Node executor, and judges\n' +
    'its thresholds. Exit 0 pass, 99 a threshold failed, 130 stopped, 2 misuse or misconfiguration.\n' +
    "--merge adds up the summaries of one run's k6 instances (--execution-segment, k6-operator parallelism) from\n" +
    'their HDR histograms: one summary, thresholds judged again, exact percentiles; different plans are refused.',
  positionals: true,
  options: {
    env: { type: 'string', default: 'local' },
    scenario: { type: 'string' },
    vus: { type: 'string' },
    duration: { type: 'string' },
    'ramp-up': { type: 'string' },
    rate: { type: 'string' },
    'max-in-flight': { type: 'string' },
    'ping-every': { type: 'string' },
    'ask-every': { type: 'string' },
    'graceful-stop': { type: 'string' },
    login: { type: 'string' },
    engine: { type: 'string', default: 'auto' },
    faults: { type: 'string' },
    out: { type: 'string', default: 'load-results' },
    'allow-remote': { type: 'boolean', default: false },
    'allow-production': { type: 'boolean', default: false },
    'print-k6': { type: 'boolean', default: false },
    history: { type: 'string' },
    merge: { type: 'boolean', default: false },
  },
  help: {
    env: ['<environment>', 'where to run: local starts the reference target'],
    scenario: ['<name>', `the scenario: ${SCENARIOS.join(', ')} (required)`],
    vus: ['<n>', 'virtual users (ws-concurrency)'],
    duration: ['<time>', 'the measured window, e.g. 60s, 5m'],
    'ramp-up': ['<time>', 'ramp-up before the window (default: from the load shape)'],
    rate: ['<n>', 'requests per second per endpoint (health-latency)'],
    'max-in-flight': ['<n>', 'bound on requests in flight (health-latency)'],
    'ping-every': ['<time>', 'heartbeat interval of each session'],
    'ask-every': ['<time>', 'how often each session asks a question'],
    'graceful-stop': ['<time>', 'how long running iterations may finish after the window'],
    login: ['per-vu|per-user', 'one login per VU or one per test user'],
    engine: ['auto|k6|node', 'the load engine'],
    faults: ['<spec>', 'GP_FAULTS for the local reference target (--env local only)'],
    out: ['<dir>', 'where the summaries go'],
    'allow-remote': 'let the Node executor load a non-loopback target',
    'allow-production': 'allow a run against production',
    'print-k6': 'print the k6 command (for k6-operator or Grafana Cloud k6) and exit',
    history: [
      '<path|url>',
      'record the run in this history (SQLite file or postgres:// URL; default: DATABASE_URL, HISTORY_PATH when set)',
    ],
    merge: 'merge the summary files given (segments of one run) into one summary and verdict in --out',
  },
});

function parse(argv: string[]) {
  const { values, positionals } = commandLine(LOAD_COMMAND, argv);
  if (values.merge) {
    // Merging runs nothing: a run's setting next to it would be silently ignored, so it is refused.
    const defaults: Record<string, unknown> = { merge: true, out: values.out, env: 'local', engine: 'auto' };
    const given = Object.entries(values).find(
      ([k, v]) => v !== undefined && v !== false && v !== defaults[k],
    );
    if (given) throw new UsageError(`--merge takes summary files and --out only, not --${given[0]}`);
    return { values, request: undefined, files: positionals };
  }
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument "${positionals[0]}" (summary files go with --merge)`);
  const scenario = values.scenario as ScenarioName | undefined;
  if (!scenario || !SCENARIOS.includes(scenario))
    throw new UsageError(`--scenario must be one of ${SCENARIOS.join(', ')}`);
  if (!['auto', 'k6', 'node'].includes(values.engine))
    throw new UsageError('--engine must be auto, k6 or node');
  const login = loginMode(values.login);
  if (values.faults !== undefined && values.env !== 'local')
    throw new UsageError(
      '--faults switches failure modes of the local reference target: only with --env local',
    );
  const request = {
    scenario,
    ...defined({
      vus: count('vus', values.vus),
      durationS: seconds('duration', values.duration),
      rampUpS: seconds('ramp-up', values['ramp-up']),
      ratePerS: count('rate', values.rate),
      maxInFlight: count('max-in-flight', values['max-in-flight']),
      pingEveryS: seconds('ping-every', values['ping-every']),
      askEveryS: seconds('ask-every', values['ask-every']),
      gracefulStopS: seconds('graceful-stop', values['graceful-stop']),
      login,
    }),
  };
  return { values, request, files: [] };
}

function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The summary of the run that finished, for the history. */
const finished: { summary?: LoadSummary } = {};

/** `--history` (or DATABASE_URL / HISTORY_PATH): the run is recorded; a store that fails is said, the exit code stays. */
async function recordLoad(
  flag: string | undefined,
  environment: string,
  scenario: string,
  startedAt: string,
  exitCode: number,
): Promise<void> {
  const summary = finished.summary;
  if (!summary) return;
  let choice;
  try {
    choice = chooseHistory(flag, readEnvironment(environment, ROOT, process.env).values, ROOT);
    if (!choice.explicit) return;
    const store = await openHistoryStore(choice.target);
    try {
      await store.record(
        loadRunRecord(parseSummary(JSON.stringify(summary), 'summary'), exitCode, {
          scenario,
          environment,
          startedAt,
        }),
      );
    } finally {
      await store.close();
    }
    console.error(`golden-path load: history: recorded in ${describeTarget(choice.target)}`);
  } catch (error) {
    console.error(
      `golden-path load: history: not recorded${choice ? ` in ${describeTarget(choice.target)}` : ''}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** What a second Ctrl-C must stop before the launcher leaves: the local target and a running k6. */
const running: { target?: LocalTarget; k6?: ChildProcess } = {};

/** Synchronous (process.exit follows, so nothing awaited would run): kill, never ask. */
function killRunning(): void {
  running.k6?.kill('SIGKILL');
  const pid = running.target?.pid;
  if (pid !== undefined && pid > 0) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

async function runOnK6(
  bin: string,
  plan: LoadPlan,
  config: Config,
  outDir: string,
  printOnly: boolean,
  stop: AbortSignal,
): Promise<number> {
  // The raw settings, as loadConfig read them (local defaults first), for the profile's name overrides.
  const raw = {
    ...config.localDefaults,
    ...readEnvironment(config.environment, ROOT, process.env).values,
  };
  const profile = k6ProfileEnv(config, raw);
  if ('problem' in profile) throw new LoadGuardError('LOAD_INVALID', profile.problem);
  const bundles = await buildLoadBundles();
  const bundle = bundles.find((b) => b.scenario === plan.scenario);
  if (!bundle) throw new Error(`LOAD_BUNDLE_MISSING: no bundle for ${plan.scenario}`);
  const files = summaryFiles(outDir, plan.scenario, new Date());
  // Only ws-concurrency logs in: health-latency is given no user at all.
  const users = usersToEnv(plan.scenario === 'ws-concurrency' ? loadUsers(config) : []);
  const publicEnv = {
    ...planToEnv(plan),
    ...profile.env,
    ...users.public,
    GP_SUMMARY_FILE: files.file,
    GP_SUMMARY_LATEST: files.latest,
  };
  const args = k6RunArgs(bundle.file, publicEnv);
  // An http strategy's settings (e.g. a bypass key) reach k6 only through its environment, like the users' secrets.
  const secrets = { ...users.secret, ...profileSecretEnv(config) };
  const secretNames = Object.keys(secrets).join(', ') || 'none';
  console.error(
    `golden-path load: running ${plan.scenario} on k6 (${bin}); secrets (${secretNames}) go in k6's environment, not on its command line:`,
  );
  console.error(`  ${redact(describeCommand(bin, args))}`);
  if (printOnly) return 0;
  // k6's handleSummary opens its files but creates no folder.
  mkdirSync(outDir, { recursive: true });
  const k6 = startK6(bin, args, secrets, process.env);
  running.k6 = k6.child;
  const code = await k6.exited.finally(() => (running.k6 = undefined));
  // k6 exits 105 when a signal stopped it (the terminal's Ctrl-C reaches it as well as the launcher).
  const stopped = code === K6_EXIT.stoppedBySignal || stop.aborted;
  if (!existsSync(files.file)) {
    console.error(
      `golden-path load: k6 exited ${describeK6Exit(code)} without writing the summary ${files.file} (see k6's error above): no verdict`,
    );
    if (stopped) return 130;
    return code === 0 ? 1 : code;
  }
  const summary = JSON.parse(readFileSync(files.file, 'utf8')) as LoadSummary;
  // k6 saw only the SIGINT the launcher forwarded: the summary names the signal that came.
  finished.summary = summary;
  if (stopped && summary.golden_path) {
    const reason: unknown = stop.reason;
    summary.golden_path.aborted =
      typeof reason === 'string'
        ? reason
        : (summary.golden_path.aborted ?? 'stopped by a signal sent to k6 (exit 105)');
    writeSummary(summary, files, outDir);
  }
  console.error(`golden-path load: summary written to ${files.file} and ${files.latest}`);
  // k6 passes thresholds whose metric was never sampled; the harness does not.
  const failed = reportFailures(summary);
  if (stopped) return 130;
  if (failed || code === K6_EXIT.thresholdsFailed) return 99;
  return code;
}

function reportFailures(summary: LoadSummary): boolean {
  const failed = failedThresholds(summary);
  const environment = summary.golden_path?.environment ?? 'unknown';
  for (const t of failed)
    console.error(
      `golden-path load: THRESHOLD FAILED ${describeBreach(t, summary.metrics[t.metric], environment)}`,
    );
  return failed.length > 0;
}

/** The load shape about to run, in one line, with the rule behind a default ramp-up. */
function describePlan(plan: LoadPlan, request: PlanRequest): string {
  if (plan.scenario === 'health-latency')
    return `${plan.ratePerS}/s per endpoint for ${plan.durationS} s, at most ${plan.maxInFlight} in flight, graceful stop ${plan.gracefulStopS} s`;
  const rule =
    request.rampUpS === undefined ? defaultRampUp(plan.scenario, plan.durationS, plan.vus).rule : '--ramp-up';
  return `${plan.vus} VUs, ramp-up ${plan.rampUpS} s (${rule}), window ${plan.durationS} s, graceful stop ${plan.gracefulStopS} s`;
}

/** `--merge a.json b.json …`: one summary and one verdict from the segments' HDR histograms. */
function runMerge(files: readonly string[], outDir: string): number {
  const parts = files.map((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new MergeError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    try {
      return { name: file, summary: JSON.parse(text) as LoadSummary };
    } catch {
      throw new MergeError(`${file} is not JSON`);
    }
  });
  const summary = mergeSummaries(parts);
  const scenario = summary.golden_path?.scenario ?? 'load';
  const out = summaryFiles(outDir, `${scenario}-merged`, new Date());
  writeSummary(summary, out, outDir);
  process.stdout.write(formatSummaryText(summary));
  const segments = summary.golden_path?.merged?.segments ?? [];
  const leftOut = summary.golden_path?.merged?.leftOut ?? [];
  if (leftOut.length > 0)
    console.error(
      `golden-path load: left out of the merged summary (k6's own trends carry no HDR buckets): ${leftOut.join(', ')}`,
    );
  console.error(
    `golden-path load: merged ${files.length} summaries${segments.length > 0 ? ` (segments ${segments.join(', ')})` : ''}; percentiles from the added-up HDR buckets (within ${(HDR_RESOLUTION * 100).toFixed(1)} % of the samples): ${out.file} and ${out.latest}`,
  );
  return reportFailures(summary) ? 99 : 0;
}

async function main(): Promise<number> {
  const { values, request, files } = parse(process.argv.slice(2));
  if (!request) return runMerge(files, resolve(values.out));
  const startedAt = new Date().toISOString();
  const code = await runLoad(values, request);
  await recordLoad(values.history, values.env, request.scenario, startedAt, code);
  return code;
}

async function runLoad(
  values: ReturnType<typeof parse>['values'],
  request: NonNullable<ReturnType<typeof parse>['request']>,
): Promise<number> {
  if (values.env === 'production' && !values['allow-production']) {
    throw new LoadGuardError(
      'LOAD_PRODUCTION_REFUSED',
      'load against production is refused; pass --allow-production if that is really meant',
    );
  }
  const outDir = resolve(values.out);
  const stop = new AbortController();
  let interrupts = 0;
  // k6 runs in its own process group (the terminal's Ctrl-C does not reach it): the launcher forwards exactly one
  // SIGINT, on the first SIGINT or SIGTERM, and k6 stops gracefully and writes its summary; a second k6 would take
  // as "quit at once, no summary". The second signal here leaves at once, taking the local target and k6 along.
  const onSignal = (signal: NodeJS.Signals): void => {
    if (++interrupts > 1) {
      killRunning();
      process.exit(130);
    }
    console.error(`\ngolden-path load: ${signal}: stopping, writing the summary (again to quit at once)…`);
    stop.abort(`stopped by ${signal === 'SIGINT' ? 'the user (Ctrl-C, SIGINT)' : signal}`);
    running.k6?.kill('SIGINT');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  // Refused before the reference target starts: nothing to run (guardPlan says the same for any plan).
  if (request.vus !== undefined && request.vus < 1)
    throw new LoadGuardError('LOAD_INVALID', `--vus ${request.vus} must be at least 1`);
  // The engine is settled before anything starts: a wrong K6_BIN is refused, never silently replaced.
  const k6 = values.engine === 'node' ? undefined : findK6(process.env.K6_BIN, process.env.PATH);
  if (values.engine === 'k6' && !k6 && !values['print-k6'])
    throw new LoadGuardError('LOAD_INVALID', '--engine k6 but no k6 found (set K6_BIN or put k6 on PATH)');

  let target: LocalTarget | undefined;
  try {
    let config: Config;
    if (values.env === 'local') {
      const local = await startLocalRun({
        root: ROOT,
        ...(values.faults ? { faults: values.faults } : {}),
      });
      target = local.target;
      running.target = target;
      config = local.config;
      console.error(
        `golden-path load: reference target started at ${target.url}${values.faults ? ` with faults ${values.faults}` : ''}`,
      );
    } else {
      config = await loadConfig({ environment: values.env, cwd: ROOT });
    }
    const plan = planFromConfig(request, config);
    // Every request of the run, on either engine, carries its trace (plan.traceId) and the profile's request id.
    useRequestIdHeader(config.profile.requestIdHeader);
    guardPlan(plan, {
      allowRemote: true, // the Node executor checks loopback itself; k6 runs go where the environment points
      allowProduction: values['allow-production'],
      maxVus: config.settings.LOAD_MAX_VUS,
      maxDurationS: config.settings.LOAD_MAX_DURATION_S,
      maxRatePerS: config.settings.LOAD_MAX_RATE,
      maxInFlight: config.settings.LOAD_MAX_IN_FLIGHT,
    });
    console.error(
      `golden-path load: plan: ${plan.scenario} on ${plan.environment}, ${describePlan(plan, request)}`,
    );

    // Unreachable, refused, DNS or TLS: one line, exit 2, before any engine starts.
    const down = values['print-k6']
      ? undefined
      : await unreachable(plan.urls.api + config.profile.health.api.live.path, config.timeouts.connectMs);
    if (down) throw new LoadGuardError('LOAD_UNREACHABLE', `${down}: no load sent`);

    // --print-k6 only prints the command (for k6-operator or Grafana Cloud k6): no binary needed.
    if (k6 || values['print-k6'])
      return await runOnK6(k6 ?? 'k6', plan, config, outDir, values['print-k6'], stop.signal);

    const why = values.engine === 'node' ? '--engine node' : 'k6 not found (K6_BIN unset, no k6 on PATH)';
    console.error(
      `golden-path load: ${why}: running ${plan.scenario} on the built-in Node executor (ws + undici + HDR histograms)`,
    );
    const result = await runNodeScenario(plan, config, {
      outDir,
      allowRemote: values['allow-remote'],
      signal: stop.signal,
      progress: process.stderr,
    });
    finished.summary = result.summary;
    process.stdout.write(formatSummaryText(result.summary));
    console.error(`golden-path load: summary written to ${result.files.file} and ${result.files.latest}`);
    const failed = reportFailures(result.summary);
    // A run the user stopped is no verdict, whatever its thresholds say.
    if (stop.signal.aborted) return 130;
    return failed ? 99 : 0;
  } finally {
    await target?.stop();
    running.target = undefined;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof LoadGuardError) {
      console.error(error.line);
      process.exit(2);
    }
    if (error instanceof MergeError) {
      console.error(`golden-path load: --merge refused: ${error.message}`);
      process.exit(2);
    }
    if (error instanceof UsageError || error instanceof PlanError)
      exitWithUsageError(LOAD_COMMAND, error.message);
    console.error(
      `golden-path load: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exit(1);
  },
);
