import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { resolveGuardRailSettings } from '@internal/plugin-idp-apps-common';
import { DeploymentService, SecretKeyDirectoryClient } from '@internal/plugin-idp-apps-node';
import { clusterAccessServiceRef } from '@internal/plugin-idp-kubernetes-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createApplyAppAction } from './actions/applyApp';
import { createRenderAppAction } from './actions/renderApp';

/** Slipway's scaffolder actions: render and apply golden-path apps (production: a deploy request to idp-approvals). */
export const scaffolderModuleIdp = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'idp',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        auditor: coreServices.auditor,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        cluster: clusterAccessServiceRef,
      },
      async init({ scaffolder, config, logger, userInfo, permissions, auditor, discovery, auth, cluster }) {
        // Wrong guard-rail settings stop the backend at start, naming the key.
        const settings = resolveGuardRailSettings(config.getOptional('slipway.guardRails'));
        // The same service the form's preview judges with, so the preview and the deploy agree.
        const secretKeys = SecretKeyDirectoryClient.create({ discovery, auth });
        const deployments = DeploymentService.create({ cluster, permissions, userInfo, settings, logger, secretKeys });
        scaffolder.addActions(createRenderAppAction({ deployments }), createApplyAppAction({ deployments, auditor, approvals: { discovery, auth } }));
      },
    });
  },
});
