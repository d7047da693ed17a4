// Stand-alone runner for the reference target's own unit tests: npx playwright test -c reference-target/playwright.unit.config.ts
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.unit.ts',
  fullyParallel: false,
  retries: 0,
  timeout: 30_000,
  reporter: [['list']],
  outputDir: 'test-results',
  projects: [{ name: 'unit' }],
});
