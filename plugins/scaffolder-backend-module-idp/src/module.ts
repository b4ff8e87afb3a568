import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { resolveGuardRailSettings } from '@internal/plugin-idp-apps-common';
import { clusterAccessServiceRef } from '@internal/plugin-idp-kubernetes-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createApplyAppAction } from './actions/applyApp';
import { createRenderAppAction } from './actions/renderApp';

/** Slipway's scaffolder actions: render and apply golden-path apps. */
export const scaffolderModuleIdp = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'idp',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        auditor: coreServices.auditor,
        cluster: clusterAccessServiceRef,
      },
      async init({ scaffolder, config, userInfo, permissions, auditor, cluster }) {
        // Wrong guard-rail settings stop the backend at start, naming the key.
        const settings = resolveGuardRailSettings(config.getOptional('slipway.guardRails'));
        scaffolder.addActions(createRenderAppAction({ cluster, settings }), createApplyAppAction({ cluster, userInfo, permissions, auditor, settings }));
      },
    });
  },
});
