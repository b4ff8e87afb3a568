/*
 * The production rules over real configuration files: app-config.yaml then
 * app-config.production.yaml, read and merged by Backstage's own config loader with a given
 * environment, as the backend does.
 */
import { ConfigReader } from '@backstage/config';
import { loadConfig } from '@backstage/config-loader';
import { resolve } from 'node:path';
import { PRODUCTION_SETTINGS, isProductionStart, productionProblems, valueAt, withoutOtherAuthEnvironments } from './productionSettings';

const root = resolve(__dirname, '../../../..');

const FULL_ENVIRONMENT: Record<string, string> = {
  SLIPWAY_BASE_URL: 'https://slipway.example.com',
  BACKEND_SECRET: 'backend-secret-for-the-test',
  POSTGRES_HOST: 'db.example.com',
  POSTGRES_USER: 'slipway',
  POSTGRES_PASSWORD: 'pw',
  AUTH_SESSION_SECRET: 'session-secret-for-the-test',
  AUTH_OIDC_METADATA_URL: 'https://idp.example.com/.well-known/openid-configuration',
  AUTH_OIDC_CLIENT_ID: 'slipway',
  AUTH_OIDC_CLIENT_SECRET: 'client-secret',
  SLIPWAY_ORG_FILE: '/etc/slipway/org.yaml',
};

async function layers(files: string[], env: Record<string, string>) {
  const { appConfigs } = await loadConfig({
    configRoot: root,
    configTargets: files.map(file => ({ path: resolve(root, file) })),
    experimentalEnvFunc: async name => env[name],
  });
  return appConfigs;
}

async function production(env: Record<string, string>) {
  const configs = await layers(['app-config.yaml', 'app-config.production.yaml'], env);
  const merged = ConfigReader.fromConfigs(configs).get<Record<string, unknown>>();
  const [developmentDefaults] = await layers(['app-config.yaml'], {});
  return { merged, problems: productionProblems(merged, developmentDefaults.data) };
}

describe('production configuration', () => {
  it('with every variable given, starts with PostgreSQL, the production IdP client only, templates and the organisation', async () => {
    const { merged, problems } = await production(FULL_ENVIRONMENT);
    expect(problems).toEqual([]);
    expect(isProductionStart(merged, undefined)).toBe(true);
    expect(valueAt(merged, 'backend.database.client')).toBe('pg');
    const visible = withoutOtherAuthEnvironments(merged, 'production');
    expect(Object.keys(valueAt(visible, 'auth.providers.oidc') as object)).toEqual(['production']);
    // The input is untouched; the development client was there before filtering.
    expect(valueAt(merged, 'auth.providers.oidc.development')).toBeDefined();
    const targets = (valueAt(merged, 'catalog.locations') as { target: string }[]).map(location => location.target);
    expect(targets).toEqual(['./catalog-info.yaml', './templates/*/template.yaml', '/etc/slipway/org.yaml']);
  });

  it.each(PRODUCTION_SETTINGS.map(setting => setting.variable).filter((v, i, all) => all.indexOf(v) === i))('refuses without %s, naming it', async variable => {
    const { [variable]: _omitted, ...env } = FULL_ENVIRONMENT;
    const { problems } = await production(env);
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem).toContain(`set ${variable} (`);
  });

  it("counts app-config.yaml's development values as missing (the session secret, the base URL)", async () => {
    const { AUTH_SESSION_SECRET: _s, SLIPWAY_BASE_URL: _b, ...env } = FULL_ENVIRONMENT;
    const { problems } = await production(env);
    expect(problems).toEqual([
      "app.baseUrl still has app-config.yaml's development value: set SLIPWAY_BASE_URL (the portal's public URL, e.g. https://slipway.example.com)",
      "backend.baseUrl still has app-config.yaml's development value: set SLIPWAY_BASE_URL (the portal's public URL, e.g. https://slipway.example.com)",
      "auth.session.secret still has app-config.yaml's development value: set AUTH_SESSION_SECRET (signs the sign-in session cookie; e.g. `openssl rand -base64 32`)",
    ]);
  });

  it('refuses without an organisation unless an org provider is configured; never the seeded one', async () => {
    const { SLIPWAY_ORG_FILE: _o, ...env } = FULL_ENVIRONMENT;
    const { merged, problems } = await production(env);
    expect(problems).toEqual([expect.stringMatching(/^no organisation \(Users and Groups\) would be loaded, so nobody could sign in: set SLIPWAY_ORG_FILE/)]);
    expect(productionProblems({ ...merged, catalog: { ...(merged.catalog as object), providers: { ldapOrg: { default: {} } } } }, {})).toEqual([]);
    const seeded = { ...merged, catalog: { locations: [{ type: 'file', target: '../../catalog/org.yaml', rules: [{ allow: ['User', 'Group'] }] }] } };
    expect(productionProblems(seeded, {})).toEqual([expect.stringMatching(/^no organisation/)]);
  });

  it('NODE_ENV=production with only the development file is refused: it would sign in with the local IdP', async () => {
    const configs = await layers(['app-config.yaml'], FULL_ENVIRONMENT);
    const merged = ConfigReader.fromConfigs(configs).get<Record<string, unknown>>();
    expect(isProductionStart(merged, 'production')).toBe(true);
    expect(isProductionStart(merged, 'development')).toBe(false);
    expect(productionProblems(merged, (await layers(['app-config.yaml'], {}))[0].data)[0]).toBe(
      "auth.environment is 'development' but this is a production start (NODE_ENV=production): start with --config app-config.yaml --config app-config.production.yaml",
    );
  });
});
