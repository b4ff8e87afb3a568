import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { clusterAccessServiceRef } from '@internal/plugin-idp-kubernetes-node';
import { AppEntityProvider } from './AppEntityProvider';
import { EnvironmentEntityProvider } from './EnvironmentEntityProvider';

export const catalogModuleEnvironments = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'idp-environments',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        scheduler: coreServices.scheduler,
        logger: coreServices.logger,
        cluster: clusterAccessServiceRef,
      },
      async init({ catalog, scheduler, logger, cluster }) {
        const every30s = () => scheduler.createScheduledTaskRunner({ frequency: { seconds: 30 }, timeout: { minutes: 1 } });
        catalog.addEntityProvider(new EnvironmentEntityProvider(cluster, every30s(), logger));
        catalog.addEntityProvider(new AppEntityProvider(cluster, every30s(), logger));
      },
    });
  },
});
