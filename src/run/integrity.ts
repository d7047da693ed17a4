// Runner integrity (F13), whatever the command line: a run that tested nothing, only skipped, or lost tests a suite
// is known to have is red with one line. Pure: judged from the workers' records, the command line and the manifest.
import { finding, type Finding } from '../diagnosis/finding.ts';
import { finalAttempts, type TestRecord } from './records.ts';

/** Which suite folders the command line selected whole (their known count applies), or none (a filtered run). */
export interface Selection {
  /** `all`: every folder of the manifest; a list: the folders named as paths; `[]`: filtered, counts unknown. */
  wholeFolders: 'all' | string[];
}

/** Options of `playwright test` that take a value (the value is not a path filter). */
const VALUED = new Set([
  '-c',
  '--config',
  '--project',
  '-g',
  '--grep',
  '--grep-invert',
  '--reporter',
  '--shard',
  '-j',
  '--workers',
  '--retries',
  '--timeout',
  '--global-timeout',
  '--max-failures',
  '--output',
  '--repeat-each',
  '--trace',
  '--tsconfig',
  '--test-list',
  '--test-list-invert',
  '--browser',
  '--update-source-method',
]);
/** Options that select a part of a folder: its known count cannot apply. */
const NARROWING =
  /^(-g|--grep|--grep-invert|--shard|--last-failed|--only-changed|--test-list|--test-list-invert)(=|$)/;

/** What `playwright test <args>` selected, from its arguments (the config never sees the CLI's filters). */
export function selectionOf(argv: readonly string[]): Selection {
  const at = argv.indexOf('test');
  const args = at < 0 ? [] : argv.slice(at + 1);
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (NARROWING.test(a)) return { wholeFolders: [] };
    if (a.startsWith('-')) {
      if (VALUED.has(a)) i++;
      continue;
    }
    paths.push(a);
  }
  if (paths.length === 0) return { wholeFolders: 'all' };
  const folders: string[] = [];
  for (const p of paths) {
    const m = /^(?:\.\/)?tests(?:\/([^/]+))?\/?$/.exec(p.replace(/\\/g, '/'));
    if (!m) return { wholeFolders: [] }; // a file, a line, a pattern: part of a folder
    if (!m[1]) return { wholeFolders: 'all' };
    folders.push(m[1]);
  }
  return { wholeFolders: folders };
}

/** A suite is a folder of tests/ (tests/websocket/…); a file directly in tests/ is a setup, not a suite. */
const SUITE_FOLDER = /^tests\/([^/]+)\//;

export interface RunFacts {
  /** Records of the tests the workers ran (every attempt). */
  records: readonly TestRecord[];
  /** The selected projects whose tests write records (the environment projects). */
  projects: readonly string[];
  selection: Selection;
  /** tests/suite-manifest.json: known test count per suite folder (`<project>:<folder>` for a project's own). */
  manifest: Readonly<Record<string, number>>;
  /** Selected setup projects (the preflight): when one failed, its test is the run's red line, and the suites behind it
   *  did not run because of it — not an integrity breach to report a second time. */
  setupProjects?: readonly string[];
}

/** One line for the console (whole), its finding (the line, cut to a summary). */
export interface Breach {
  line: string;
  finding: Finding;
}

const breach = (code: string, line: string, evidence: string[]): Breach => ({
  line,
  finding: finding('F13', code, line, evidence),
});

/** The first integrity breach of the run, or undefined. Never looks at a test's own verdict: that is the run's. */
export function judgeRun(facts: RunFacts): Breach | undefined {
  const setups = new Set(facts.setupProjects ?? []);
  const setupFailed = finalAttempts(facts.records).some(
    (t) => setups.has(t.project) && (t.status === 'failed' || t.status === 'timedOut'),
  );
  if (setupFailed) return undefined;
  const projects = new Set(facts.projects);
  const tests = finalAttempts(facts.records).filter(
    (t) => projects.has(t.project) && SUITE_FOLDER.test(t.file),
  );
  const where = facts.projects.join(', ') || 'no project';
  if (tests.length === 0)
    return breach(
      'runner.no-tests',
      `NO_TESTS_RAN: no test of ${where} ran (none selected, or each skipped before it started): a run that tests nothing is red`,
      [...facts.projects],
    );
  const ran = tests.filter((t) => t.status !== 'skipped');
  if (ran.length === 0 && tests.every((t) => t.na !== undefined))
    return breach(
      'runner.all-not-applicable',
      `ALL_NOT_APPLICABLE: all ${tests.length} test(s) of ${where} are n/a by the profile's capabilities (${[...new Set(tests.map((t) => t.na))].join('; ')}): n/a is not a pass`,
      tests.map((t) => `${t.title} (${t.file}): ${t.na ?? ''}`),
    );
  if (ran.length === 0)
    return breach(
      'runner.all-skipped',
      `ALL_SKIPPED: all ${tests.length} test(s) of ${where} skipped: n/a is not a pass`,
      tests.map((t) => `${t.title} (${t.file})`),
    );
  const short: string[] = [];
  const skippedSuites: string[] = [];
  for (const project of facts.projects) {
    const counts = new Map<string, { seen: number; skipped: number; na: number }>();
    for (const t of tests.filter((x) => x.project === project)) {
      const folder = SUITE_FOLDER.exec(t.file)?.[1];
      if (!folder) continue;
      const c = counts.get(folder) ?? { seen: 0, skipped: 0, na: 0 };
      c.seen++;
      if (t.status === 'skipped') c.skipped++;
      if (t.status === 'skipped' && t.na !== undefined) c.na++;
      counts.set(folder, c);
    }
    for (const [folder, c] of counts)
      if (c.skipped === c.seen && c.na < c.seen)
        skippedSuites.push(`${project}: tests/${folder} (${c.seen})`);
    const whole = facts.selection.wholeFolders;
    const folders = whole === 'all' ? Object.keys(facts.manifest).filter((k) => !k.includes(':')) : whole;
    for (const folder of folders) {
      // A project that runs only part of a folder (a dialect project) has its own count, `<project>:<folder>`.
      const known = facts.manifest[`${project}:${folder}`] ?? facts.manifest[folder];
      const seen = counts.get(folder)?.seen ?? 0;
      if (known !== undefined && seen < known)
        short.push(`${project}: tests/${folder} ran ${seen} test(s), known to have ${known}`);
    }
  }
  if (skippedSuites.length > 0)
    return breach(
      'runner.suite-skipped',
      `SUITE_SKIPPED: every test of ${skippedSuites.join('; ')} skipped: n/a is not a pass`,
      skippedSuites,
    );
  if (short.length > 0)
    return breach(
      'runner.suite-shrank',
      `SUITE_SHRANK: ${short.join('; ')} (tests/suite-manifest.json): a suite that lost tests is red`,
      short,
    );
  return undefined;
}

/** Suites whose every test is n/a by the profile's capabilities: reported as n/a, never as passed nor as a breach. */
export function notApplicableSuites(facts: Pick<RunFacts, 'records' | 'projects'>): string[] {
  const tests = finalAttempts(facts.records).filter((t) => facts.projects.includes(t.project));
  const bySuite = new Map<string, typeof tests>();
  for (const t of tests) {
    const folder = SUITE_FOLDER.exec(t.file)?.[1];
    if (folder)
      bySuite.set(`${t.project}: tests/${folder}`, [
        ...(bySuite.get(`${t.project}: tests/${folder}`) ?? []),
        t,
      ]);
  }
  return [...bySuite]
    .filter(([, ts]) => ts.every((t) => t.status === 'skipped' && t.na !== undefined))
    .map(([suite, ts]) => `${suite} (${ts.length}): ${[...new Set(ts.map((t) => t.na))].join('; ')}`);
}
