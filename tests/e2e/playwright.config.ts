// End-to-end tests in Debian's chromium (never `npx playwright install`), against the real
// backend that `cargo xtask test` starts on a free port with a real SQLite file.
import { defineConfig, devices } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './support/browser';

const baseURL = process.env.AGIR_E2E_URL;
if (!baseURL) {
  throw new Error('AGIR_E2E_URL manque : lancez les tests avec `cargo xtask test --only e2e`.');
}

export default defineConfig({
  testDir: './specs',
  outputDir: './test-results/artifacts',
  fullyParallel: true,
  // Two cores on these machines: more browsers at once only slows every test down.
  workers: 2,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json']],
  use: {
    baseURL,
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
    locale: 'fr-FR',
    // Far from Angers on purpose: times must still show in the event's local time.
    timezoneId: 'America/New_York',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'phone',
      use: {
        ...devices['Pixel 7'],
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
      },
    },
    {
      name: 'desktop',
      use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 } },
    },
  ],
});
