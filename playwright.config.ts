// One project per environment (local — the default — staging, production) plus unit tests of src/ and the target.
// Loading this file has no side effects (no argv, no network, no exit), so `--list`, `--ui` and editors can load it
// anywhere: settings are checked in the global setup, a remote target's reachability in its setup project.
import {
  defineConfig,
  type PlaywrightTestOptions,
  type PlaywrightWorkerOptions,
  type Project,
} from '@playwright/test';
import { launchArgs } from './fixtures/browser.ts';
import { selectionPlugin } from './fixtures/selection-watch.ts';
import type { WorkerOptions } from './fixtures/index.ts';
import { runnerKnobs } from './src/config/runner-env.ts';

type GpProject = Project<PlaywrightTestOptions, PlaywrightWorkerOptions & WorkerOptions>;

const knobs = runnerKnobs();

/** Specs whose checks do not depend on the dialect: `local` runs them once for every dialect. */
const LUMEN_SAME_AS_LOCAL = [
  'infra/tls.spec.ts',
  'infra/intermediaries.spec.ts',
  'infra/infra-detects-faults.spec.ts',
  'infra/cors.spec.ts',
  'infra/version-drift.spec.ts',
  'infra/infrastructure.spec.ts',
  'report/**',
].map((p) => `**/${p}`);

const environmentUse = (name: string, options: Partial<WorkerOptions>): GpProject['use'] => ({
  gpEnvironment: name.startsWith('local') ? 'local' : name,
  gpTargetEnv: {},
  gpSettings: {},
  ...options,
  launchOptions: { args: launchArgs() },
});

/** `local` is the only project `npx playwright test` runs; the others run when named with `--project`. */
const environmentProject = (name: string, options: Partial<WorkerOptions> = {}): GpProject => ({
  name,
  testDir: './tests',
  retries: 0,
  default: name === 'local',
  use: environmentUse(name, options),
});

/** A remote environment's suites run only once its target answers (tests/preflight.setup.ts). */
const remoteEnvironment = (name: string): GpProject[] => [
  {
    name: `${name}-preflight`,
    testDir: './tests',
    testMatch: /preflight\.setup\.ts$/,
    retries: 0,
    default: false,
    use: environmentUse(name, {}),
  },
  { ...environmentProject(name), dependencies: [`${name}-preflight`] },
];

export default defineConfig<object, WorkerOptions>({
  fullyParallel: true,
  forbidOnly: knobs.ci,
  workers: knobs.workers,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results/artifacts',
  globalSetup: './fixtures/global-setup.ts',
  // Runner integrity (F13) is judged here, not in a reporter: `--reporter` replaces reporters, never the teardown.
  globalTeardown: './fixtures/global-teardown.ts',
  // Sees the selection as the runner builds it, so "no test selected" is the teardown's one line, not Playwright's
  // several (a runner plugin: `--reporter` cannot remove it). Private Playwright API, checked by a unit test.
  ...({ '@playwright/test': { plugins: [selectionPlugin] } } as object),
  reporter: [
    ['list'],
    // No Playwright HTML report by default: it titles API steps with their arguments (a typed password, a token in a
    // URL) and the self-test's secret scan found them there. The Allure report (detail: false) is the run's report;
    // `--reporter=html` still gives one for local debugging, at the user's choice.
    // allure-playwright, for the product's suites only (the `unit` project stays out of the SRE's report).
    ['./fixtures/allure-reporter.ts', { resultsDir: 'allure-results', detail: false, suiteTitle: true }],
    ['json', { outputFile: 'test-results/results.json' }],
    ['./fixtures/run-reporter.ts'],
  ],
  use: {
    // Traces record request bodies (tokens, passwords): off unless asked for, for local debugging only.
    trace: knobs.trace,
    screenshot: 'only-on-failure',
    video: 'off',
  },
  projects: [
    {
      name: 'unit',
      testDir: '.',
      testMatch: /.*\.unit\.ts$/,
      testIgnore: ['node_modules/**'],
      fullyParallel: true,
      default: false,
    },
    environmentProject('local'),
    // The dialect project runs the netra-apex profile against the reference target speaking it.
    environmentProject('local-netra', {
      gpTargetEnv: { REF_DIALECT: 'netra-apex' },
      gpSettings: { TARGET_PROFILE: 'netra-apex' },
    }),
    // The third dialect (no UI, no subprotocol, cookie auth, JSON-text frames): only what a dialect changes runs
    // here — the journeys, the WebSocket suites, and the infra specs that read the profile's health endpoints and
    // carriers. TLS, intermediaries, CORS, version and infrastructure checks are the same code on the same target
    // whatever the dialect, and run in `local` (tests/suite-manifest.json counts `local-lumen:infra` apart).
    {
      ...environmentProject('local-lumen', {
        // Server pings every second, so a window of a few seconds sees several (two unanswered close the socket).
        gpTargetEnv: { REF_DIALECT: 'lumen', REF_HEARTBEAT_MS: '1000' },
        gpSettings: { TARGET_PROFILE: 'lumen', IDLE_WINDOW_MS: '4000' },
      }),
      testIgnore: LUMEN_SAME_AS_LOCAL,
    },
    ...remoteEnvironment('staging'),
    ...remoteEnvironment('production'),
  ],
});
