// One project per environment (local — the default — staging, production) plus unit tests of src/ and the target.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  defineConfig,
  type PlaywrightTestOptions,
  type PlaywrightWorkerOptions,
  type Project,
} from '@playwright/test';
import { launchArgs } from './fixtures/browser.ts';
import { preflight } from './fixtures/preflight.ts';
import { ALL_PROJECTS, selectedProjects } from './fixtures/selection.ts';
import type { WorkerOptions } from './fixtures/index.ts';
import { browserHandOff, isWorker, runnerKnobs, runStartedAt } from './src/config/runner-env.ts';

const selected = selectedProjects(process.argv, process.env);
// A report holds one run: results an earlier run (another environment, other tests) left behind are removed first.
if (!isWorker())
  rmSync(fileURLToPath(new URL('./allure-results', import.meta.url)), { recursive: true, force: true });
// Settings a project puts over the env files: the dialect project runs the netra-apex profile.
const PROJECT_SETTINGS: Record<string, Record<string, string>> = {
  'local-netra': { TARGET_PROFILE: 'netra-apex' },
};
runStartedAt();
const knobs = runnerKnobs();

// Staging and production settings are read (and must be valid) only when their project is selected. The main
// process finds the browser once and hands it to its workers. Each failure is one line and exit code 2.
const executablePath = isWorker()
  ? browserHandOff().path
  : (await preflight(selected, PROJECT_SETTINGS)).browserPath;

const environmentProject = (
  name: string,
  options: Partial<WorkerOptions> = {},
): Project<PlaywrightTestOptions, PlaywrightWorkerOptions & WorkerOptions> => ({
  name,
  testDir: './tests',
  retries: 0,
  use: {
    gpEnvironment: name.startsWith('local') ? 'local' : name,
    gpTargetEnv: {},
    gpSettings: {},
    ...options,
    launchOptions: { ...(executablePath ? { executablePath } : {}), args: launchArgs() },
  },
});

const projects: Project<PlaywrightTestOptions, PlaywrightWorkerOptions & WorkerOptions>[] = [
  {
    name: 'unit',
    testDir: '.',
    testMatch: /.*\.unit\.ts$/,
    testIgnore: ['node_modules/**'],
    fullyParallel: true,
  },
  environmentProject('local'),
  environmentProject('local-netra', {
    gpTargetEnv: { REF_DIALECT: 'netra-apex' },
    gpSettings: PROJECT_SETTINGS['local-netra'],
  }),
  environmentProject('staging'),
  environmentProject('production'),
];

export default defineConfig<object, WorkerOptions>({
  fullyParallel: true,
  forbidOnly: knobs.ci,
  workers: knobs.workers,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results/artifacts',
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'playwright-report' }],
    ['allure-playwright', { resultsDir: 'allure-results', detail: false, suiteTitle: true }],
    ['json', { outputFile: 'test-results/results.json' }],
    ['./fixtures/run-reporter.ts'],
  ],
  use: {
    // Traces record request bodies (tokens, passwords): off unless asked for, for local debugging only.
    trace: knobs.trace,
    screenshot: 'only-on-failure',
    video: 'off',
  },
  projects: projects.filter(
    (p) =>
      selected.includes(p.name as string) && (ALL_PROJECTS as readonly string[]).includes(p.name as string),
  ),
});
