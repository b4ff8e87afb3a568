import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { resolveGuardRailSettings } from '@internal/plugin-idp-apps-common';
import { clusterAccessServiceRef } from '@internal/plugin-idp-kubernetes-node';
import { createRouter } from './router';

/** Golden-path apps: the deploy form's live preview and Score import. Deploys themselves are scaffolder actions. */
export const appsPlugin = createBackendPlugin({
  pluginId: 'idp-apps',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        cluster: clusterAccessServiceRef,
      },
      async init({ config, httpAuth, httpRouter, userInfo, permissions, cluster }) {
        // The same settings the scaffolder actions read, so the preview and the deploy agree.
        const settings = resolveGuardRailSettings(config.getOptional('slipway.guardRails'));
        httpRouter.use(await createRouter({ httpAuth, userInfo, permissions, cluster, settings }));
      },
    });
  },
});
