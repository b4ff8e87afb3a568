import { defineConfig } from '@playwright/test';

/*
 * Browser tests: Debian's Chromium drives the built portal, served by the real backend, which
 * signs users in through the local OIDC provider. Both servers are started here on loopback
 * ports of their own, so a running dev portal does not interfere.
 */
const port = process.env.SLIPWAY_E2E_PORT ?? '7107';
const oidcPort = process.env.SLIPWAY_E2E_OIDC_PORT ?? '5557';
const baseURL = `http://localhost:${port}`;
const issuer = `http://127.0.0.1:${oidcPort}`;

export default defineConfig({
  testDir: 'e2e',
  // Run by scripts/test-replicas.sh, which starts the two backends it needs.
  testIgnore: ['replicas/**'],
  timeout: 90_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  outputDir: 'test-results/e2e',
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.SLIPWAY_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
  webServer: [
    {
      command: 'node packages/local-oidc-provider/src/cli.js > test-results/oidc.log 2>&1',
      url: `${issuer}/healthz`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: {
        SLIPWAY_OIDC_PORT: oidcPort,
        SLIPWAY_OIDC_REDIRECT_URIS: `${baseURL}/api/auth/oidc/handler/frame`,
      },
    },
    {
      command:
        'rm -rf ../../test-results/e2e-sqlite && mkdir -p ../../test-results/e2e-sqlite && node ../../node_modules/.bin/backstage-cli package start --config ../../app-config.yaml --config ../../app-config.e2e.yaml > ../../test-results/backend.log 2>&1',
      cwd: 'packages/backend',
      url: `${baseURL}/.backstage/health/v1/readiness`,
      reuseExistingServer: false,
      timeout: 180_000,
      env: { SLIPWAY_E2E_PORT: port, SLIPWAY_OIDC_ISSUER: issuer },
    },
  ],
});
