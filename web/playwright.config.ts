import { defineConfig } from '@playwright/test';
import { artifactsDir, baseURL, chromiumLaunch } from './e2e/env';

// End-to-end tests against a running local stack (../scripts/e2e starts one). One worker, files in
// name order: the user journey first, then the admin test, which stores (and removes again) app
// credentials that every user's fetches would use.
export default defineConfig({
  testDir: './e2e',
  testMatch: '*.spec.ts',
  globalSetup: './e2e/global-setup.ts',
  outputDir: `${artifactsDir}/test-results`,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  // Generous: a sync is judged finished after 5 s at the earliest, runs are polled every 2 s.
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  use: {
    baseURL,
    headless: true,
    launchOptions: chromiumLaunch,
    viewport: { width: 1280, height: 800 },
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
