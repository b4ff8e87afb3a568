import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { resolveEnvironmentTypes } from '@internal/plugin-idp-environments-common';
import { createRouter } from './router';

/** Self-service environments: one namespace per team and environment. */
export const environmentsPlugin = createBackendPlugin({
  pluginId: 'idp-environments',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
      },
      async init({ config, httpAuth, httpRouter }) {
        // Invalid config stops the backend at start, naming the key, rather than at first use.
        const environmentTypes = resolveEnvironmentTypes(config.getOptional('slipway.environments.types'));
        httpRouter.use(await createRouter({ httpAuth, environmentTypes }));
      },
    });
  },
});
