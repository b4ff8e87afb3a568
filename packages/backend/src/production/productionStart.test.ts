/*
 * The real backend process (src/index.ts, as `backstage-cli` runs it, without its file watcher)
 * started for production with variables missing: it must exit non-zero before listening and
 * name every missing variable on stderr.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

jest.setTimeout(300_000);

const root = resolve(__dirname, '../../../..');

it('refuses a production start naming each missing variable, and exits non-zero before listening', async () => {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    SLIPWAY_BASE_URL: 'http://localhost:7397',
    BACKEND_SECRET: 'backend-secret-for-the-test',
    POSTGRES_HOST: '127.0.0.1',
    POSTGRES_USER: 'slipway',
    AUTH_OIDC_METADATA_URL: 'http://127.0.0.1:9/.well-known/openid-configuration',
    AUTH_OIDC_CLIENT_ID: 'company-portal',
    AUTH_OIDC_CLIENT_SECRET: 'company-secret',
    // Left out: AUTH_SESSION_SECRET (app-config.yaml has a development one), POSTGRES_PASSWORD, SLIPWAY_ORG_FILE.
  };
  const child = spawn(
    process.execPath,
    ['--require', resolve(root, 'node_modules/@backstage/cli/config/nodeTransform.cjs'), 'src/index.ts', '--config', `${root}/app-config.yaml`, '--config', `${root}/app-config.production.yaml`],
    { cwd: resolve(root, 'packages/backend'), env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', chunk => (stdout += chunk));
  child.stderr.on('data', chunk => (stderr += chunk));
  const code = await new Promise<number | null>(done => child.on('exit', done));

  expect(code).toBe(1);
  expect(stderr).toContain('Slipway will not start in production until these are fixed');
  expect(stderr).toContain("auth.session.secret still has app-config.yaml's development value: set AUTH_SESSION_SECRET");
  expect(stderr).toContain('backend.database.connection.password is not set: set POSTGRES_PASSWORD');
  expect(stderr).toContain('set SLIPWAY_ORG_FILE');
  expect(stderr).not.toContain('BACKEND_SECRET');
  expect(`${stdout}${stderr}`).not.toMatch(/Listening on/);
});
