import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { CatalogTeamDirectory } from './CatalogTeamDirectory';
import { SlipwayPermissionPolicy } from './SlipwayPermissionPolicy';

export const slipwayPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'slipway-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        logger: coreServices.logger,
      },
      async init({ policy, catalog, auth, logger }) {
        policy.setPolicy(
          new SlipwayPermissionPolicy({
            teams: new CatalogTeamDirectory({ catalog, auth }),
            logger,
          }),
        );
      },
    });
  },
});
