import { coreServices, createServiceFactory } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { ConfigSourceData, ConfigSources, loadConfig } from '@backstage/config-loader';
import { basename, dirname } from 'node:path';
import { isProductionStart, productionProblems, withoutOtherAuthEnvironments } from './productionSettings';

/** The file holding the development defaults (see productionSettings.ts). */
const DEVELOPMENT_DEFAULTS_FILE = 'app-config.yaml';

/** Thrown when a production start lacks what it needs; index.ts prints it and exits 1. */
export class ProductionConfigError extends Error {
  constructor(problems: string[]) {
    super(
      `Slipway will not start in production until these are fixed (see README, Configuration):\n${problems.map(problem => `  - ${problem}`).join('\n')}`,
    );
    this.name = 'ProductionConfigError';
  }
}

/**
 * The root config, loaded as Backstage's default does (--config files, APP_CONFIG_ variables).
 * In development it is exactly the default (and follows file changes). In production it refuses
 * to start, naming each missing variable, and hides every auth provider environment but the
 * active one, so app-config.yaml's development OIDC client is never active.
 */
export const productionConfigServiceFactory = createServiceFactory({
  service: coreServices.rootConfig,
  deps: {},
  async factory() {
    const source = ConfigSources.default({});
    const layers = await firstSnapshot(source);
    const merged = ConfigReader.fromConfigs(layers).get<Record<string, unknown>>();
    if (!isProductionStart(merged, process.env.NODE_ENV)) {
      // eslint-disable-next-line no-console
      console.log(`Loading config from ${source}`);
      return ConfigSources.toConfig(source);
    }
    const problems = productionProblems(merged, await developmentDefaults(layers));
    if (problems.length > 0) throw new ProductionConfigError(problems);
    // eslint-disable-next-line no-console
    console.log(`Loading config from ${source} (production: only the auth environment 'production' is kept)`);
    return ConfigReader.fromConfigs(layers.map(layer => ({ ...layer, data: withoutOtherAuthEnvironments(layer.data, 'production') as typeof layer.data })));
  },
});

/**
 * app-config.yaml as it reads with no variable set: its development values. (Read with the
 * environment, `${AUTH_SESSION_SECRET:-development}` would equal the production value.)
 */
async function developmentDefaults(layers: ConfigSourceData[]): Promise<Record<string, unknown>> {
  const path = layers.find(layer => layer.path && basename(layer.path) === DEVELOPMENT_DEFAULTS_FILE)?.path;
  if (!path) return {};
  const { appConfigs } = await loadConfig({ configRoot: dirname(path), configTargets: [{ path }], experimentalEnvFunc: async () => undefined });
  return appConfigs[0]?.data ?? {};
}

/** The configuration files' data as they are now (the source would keep watching; we stop it). */
async function firstSnapshot(source: ReturnType<typeof ConfigSources.default>) {
  const iterator = source.readConfigData()[Symbol.asyncIterator]();
  try {
    const { value } = await iterator.next();
    return value?.configs ?? [];
  } finally {
    await iterator.return?.();
  }
}
