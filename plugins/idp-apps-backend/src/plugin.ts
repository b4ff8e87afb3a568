import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { appDeployPermission, resolveGuardRailSettings } from '@internal/plugin-idp-apps-common';
import { DeploymentService, SecretKeyDirectoryClient } from '@internal/plugin-idp-apps-node';
import { clusterAccessServiceRef } from '@internal/plugin-idp-kubernetes-node';
import { createRouter } from './router';

/** Golden-path apps: the deploy form's live preview and Score import. Deploys themselves are scaffolder actions. */
export const appsPlugin = createBackendPlugin({
  pluginId: 'idp-apps',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        cluster: clusterAccessServiceRef,
      },
      async init({ config, logger, httpAuth, httpRouter, userInfo, permissions, permissionsRegistry, discovery, auth, cluster }) {
        // Listed so the permission policy (and its coverage test) knows every permission the portal asks.
        permissionsRegistry.addPermissions([appDeployPermission]);
        // The same settings the scaffolder actions read, so the preview and the deploy agree.
        const settings = resolveGuardRailSettings(config.getOptional('slipway.guardRails'));
        const secretKeys = SecretKeyDirectoryClient.create({ discovery, auth });
        const deployments = DeploymentService.create({ cluster, permissions, userInfo, settings, logger, secretKeys });
        httpRouter.use(await createRouter({ httpAuth, deployments }));
      },
    });
  },
});
