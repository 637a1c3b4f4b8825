import fs from 'node:fs';
import { defineConfig } from '@playwright/test';

// Debian's Chromium where installed (CI installs it), else Playwright's own browser.
const debianChromium = '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  // Each spec starts real Dask clusters; two cores run one spec at a time best.
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  projects: [
    {
      name: 'panel',
      testMatch: /panel.*\.spec\.ts$/,
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: fs.existsSync(debianChromium) ? debianChromium : undefined,
          // No background traffic: the machine's network is closed, and the panel makes no requests.
          args: [
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-gpu',
          ],
          chromiumSandbox: false,
        },
      },
    },
    {
      name: 'electron',
      testMatch: /electron.*\.spec\.ts$/,
    },
  ],
});
