import { defineConfig } from '@playwright/test';

/*
 * The two-replica test's browser half. scripts/test-replicas.sh starts PostgreSQL, the local OIDC
 * provider and two backend processes, then runs this with their URLs in SLIPWAY_REPLICA_A/B.
 */
export default defineConfig({
  testDir: '.',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list']],
  outputDir: '../../test-results/replicas',
  use: {
    launchOptions: {
      executablePath: process.env.SLIPWAY_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
});
