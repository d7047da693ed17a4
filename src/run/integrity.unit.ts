// Unit tests of runner integrity: what the command line selected, and each F13 breach judged from the records.
import { expect, test } from '@playwright/test';
import { judgeRun, notApplicableSuites, selectionOf, type RunFacts } from './integrity.ts';
import type { TestRecord } from './records.ts';

const rec = (file: string, status: TestRecord['status'] = 'passed', retry = 0, title = file): TestRecord => ({
  project: 'local',
  file,
  title,
  status,
  retry,
});
const facts = (records: TestRecord[], argv: string[] = ['node', 'pw', 'test']): RunFacts => ({
  records,
  projects: ['local'],
  selection: selectionOf(argv),
  manifest: { websocket: 2, infra: 1 },
});
const ws = (n: number, status: TestRecord['status'] = 'passed') =>
  Array.from({ length: n }, (_, i) => rec(`tests/websocket/a.spec.ts`, status, 0, `t${i}`));

test('selection: paths name whole folders; grep, shard, last-failed and files do not', () => {
  expect(selectionOf(['node', 'pw', 'test', '--project', 'local']).wholeFolders).toBe('all');
  expect(selectionOf(['node', 'pw', 'test', '--reporter=dot', 'tests/websocket/']).wholeFolders).toEqual([
    'websocket',
  ]);
  expect(selectionOf(['node', 'pw', 'test', '--reporter', 'dot', 'tests']).wholeFolders).toBe('all');
  for (const narrowing of ['--grep=x', '-g', '--shard=1/2', '--last-failed', 'tests/websocket/a.spec.ts'])
    expect(selectionOf(['node', 'pw', 'test', narrowing, 'x']).wholeFolders).toEqual([]);
});

test('nothing ran, everything skipped, a suite skipped whole: each F13, whatever the selection', () => {
  expect(judgeRun(facts([]))?.finding.code).toBe('runner.no-tests');
  expect(judgeRun(facts(ws(2, 'skipped'), ['node', 'pw', 'test', '--grep', 'x']))?.finding.code).toBe(
    'runner.all-skipped',
  );
  const suiteSkipped = judgeRun(facts([...ws(2, 'skipped'), rec('tests/infra/b.spec.ts')]));
  expect(suiteSkipped?.finding.class).toBe('F13');
  expect(suiteSkipped?.line).toContain('tests/websocket');
});

test('a suite below its known count is red only when the selection holds the whole folder', () => {
  const short = [...ws(1), rec('tests/infra/b.spec.ts')];
  expect(judgeRun(facts(short))?.finding.code).toBe('runner.suite-shrank');
  expect(judgeRun(facts(short, ['node', 'pw', 'test', 'tests/infra']))).toBeUndefined();
  expect(judgeRun(facts(short, ['node', 'pw', 'test', '--shard=1/2']))).toBeUndefined();
  expect(judgeRun(facts([...ws(2), rec('tests/infra/b.spec.ts')]))).toBeUndefined();
});

test('a retried test counts once, by its last attempt; a setup file is not a suite', () => {
  const retried = [rec('tests/infra/b.spec.ts', 'failed'), rec('tests/infra/b.spec.ts', 'passed', 1)];
  expect(judgeRun(facts([...ws(2), ...retried]))).toBeUndefined();
  expect(judgeRun(facts([rec('tests/preflight.setup.ts')]))?.finding.code).toBe('runner.no-tests');
});

test('n/a by capability: a run of only n/a tests is red; a full run with one suite wholly n/a is not', () => {
  const na = (n: number) =>
    ws(n, 'skipped').map((r) => ({ ...r, na: 'n/a: subprotocolAuth (profile lumen)' }));
  const onlyNa = judgeRun(facts(na(2)));
  expect(onlyNa?.finding.code).toBe('runner.all-not-applicable');
  expect(onlyNa?.line).toContain('n/a: subprotocolAuth (profile lumen)');
  const mixed = [...na(2), rec('tests/infra/b.spec.ts')];
  expect(judgeRun(facts(mixed))).toBeUndefined();
  expect(notApplicableSuites(facts(mixed))).toEqual([
    'local: tests/websocket (2): n/a: subprotocolAuth (profile lumen)',
  ]);
  // One plain skip among the n/a: the suite was skipped, not declared absent.
  const plain = [
    ...na(1),
    rec('tests/websocket/a.spec.ts', 'skipped', 0, 'plain'),
    rec('tests/infra/b.spec.ts'),
  ];
  expect(judgeRun(facts(plain))?.finding.code).toBe('runner.suite-skipped');
});

test('a project that runs part of a folder is held to its own count, `<project>:<folder>`', () => {
  const lumen = (file: string): TestRecord => ({ ...rec(file), project: 'local-lumen' });
  const base: RunFacts = {
    records: [
      lumen('tests/websocket/a.spec.ts'),
      lumen('tests/websocket/b.spec.ts'),
      lumen('tests/infra/h.spec.ts'),
    ],
    projects: ['local-lumen'],
    selection: selectionOf(['node', 'pw', 'test']),
    manifest: { websocket: 2, infra: 5, 'local-lumen:infra': 1 },
  };
  expect(judgeRun(base)).toBeUndefined();
  const shrank = judgeRun({ ...base, manifest: { ...base.manifest, 'local-lumen:infra': 2 } });
  expect(shrank?.finding.code).toBe('runner.suite-shrank');
  expect(
    judgeRun({ ...base, projects: ['local'], records: base.records.map((r) => ({ ...r, project: 'local' })) })
      ?.finding.code,
  ).toBe('runner.suite-shrank');
});

test('a failed setup project (the preflight) is the red line itself: the suites it held back are no second breach', () => {
  const preflight: TestRecord = {
    ...rec('tests/preflight.setup.ts', 'failed'),
    project: 'staging-preflight',
  };
  expect(judgeRun({ ...facts([preflight]), setupProjects: ['staging-preflight'] })).toBeUndefined();
  const passed: TestRecord = { ...preflight, status: 'passed' };
  expect(judgeRun({ ...facts([passed]), setupProjects: ['staging-preflight'] })?.finding.code).toBe(
    'runner.no-tests',
  );
});
