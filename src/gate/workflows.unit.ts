// The workflows users copy: each parses, and every `npm run` it calls exists in package.json (with valid gate flags).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { parse } from 'yaml';
import { parseGateArgs } from './args.ts';
import { actionsUsed, npmRuns } from './workflow-commands.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const DIR = join(ROOT, '.github/workflows');
const scripts = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;
const load = (file: string): Record<string, unknown> =>
  parse(readFileSync(join(DIR, file), 'utf8')) as Record<string, unknown>;

test('the workflows are there', () => {
  expect(readdirSync(DIR).sort()).toEqual(
    expect.arrayContaining(['load-before-deploy.yml', 'monitor.yml', 'nightly.yml', 'pre-release-gate.yml']),
  );
});

for (const file of readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f))) {
  test(`${file}: every npm script it runs exists`, () => {
    const runs = npmRuns(load(file));
    expect(runs.length, `${file} runs no npm script`).toBeGreaterThan(0);
    for (const r of runs)
      expect(
        scripts[r.script],
        `${file} › ${r.job} › ${r.step}: "npm run ${r.script}" is not in package.json`,
      ).toBeDefined();
    for (const r of runs.filter((x) => x.script === 'gate'))
      expect(() => parseGateArgs(r.args), `${file} › ${r.step}`).not.toThrow();
  });
}

test('what each workflow is for', () => {
  const nightly = load('nightly.yml');
  expect(Object.keys(nightly.on as object)).toEqual(
    expect.arrayContaining(['schedule', 'workflow_dispatch']),
  );
  expect(npmRuns(nightly).map((r) => r.script)).toEqual(expect.arrayContaining(['gate', 'report']));
  expect(actionsUsed(nightly)).toEqual(
    expect.arrayContaining([
      'actions/upload-artifact@v4',
      'actions/cache/restore@v4',
      'actions/cache/save@v4',
    ]),
  );

  const gate = load('pre-release-gate.yml');
  expect(Object.keys(gate.on as object)).toEqual(
    expect.arrayContaining(['workflow_call', 'workflow_dispatch']),
  );
  expect(npmRuns(gate).map((r) => r.script)).toContain('gate');

  const loadBeforeDeploy = load('load-before-deploy.yml');
  expect(actionsUsed(loadBeforeDeploy).some((u) => u.startsWith('grafana/setup-k6-action@'))).toBe(true);
  expect(
    npmRuns(loadBeforeDeploy)
      .filter((r) => r.script === 'load')
      .map((r) => r.args[r.args.indexOf('--scenario') + 1]),
  ).toEqual(['ws-concurrency', 'health-latency']);
});

test('npm runs are found in multi-line steps, with expressions as placeholders', () => {
  const run =
    'npm ci\nnpm run gate -- --env "${{ inputs.environment }}" ${{ inputs.with-load && \'--with-load\' || \'\' }} --report-url "$REPORT_URL" && npm run report';
  const runs = npmRuns({ jobs: { a: { steps: [{ name: 's', run }] } } });
  expect(runs).toEqual([
    { job: 'a', step: 's', script: 'gate', args: ['--env', 'x', '--with-load', '--report-url', 'x'] },
    { job: 'a', step: 's', script: 'report', args: [] },
  ]);
});
