import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { kubernetesAuthStrategyExtensionPoint, kubernetesClusterSupplierExtensionPoint, kubernetesFetcherExtensionPoint } from '@backstage/plugin-kubernetes-node';
import { clusterAccessServiceRef, selectClusterSetting } from '@internal/plugin-idp-kubernetes-node';
import { EnvironmentFanOutFetcher } from './EnvironmentFanOutFetcher';
import { AUTH_PROVIDER, ImpersonatingClusterSupplier } from './ImpersonatingClusterSupplier';
import { ImpersonationAuthStrategy } from './ImpersonationAuthStrategy';
import { createImpersonatingGateway } from './impersonatingGateway';

/**
 * Makes Backstage's Kubernetes plugin act as the signed-in person: its cluster is Slipway's,
 * reached through an impersonating gateway, so its views, its proxy and its actions can never
 * show or do more than that person could with kubectl.
 */
export const kubernetesModuleSlipway = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'slipway-impersonation',
  register(reg) {
    reg.registerInit({
      deps: {
        clusterSuppliers: kubernetesClusterSupplierExtensionPoint,
        authStrategies: kubernetesAuthStrategyExtensionPoint,
        fetchers: kubernetesFetcherExtensionPoint,
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        userInfo: coreServices.userInfo,
        cluster: clusterAccessServiceRef,
      },
      async init({ clusterSuppliers, authStrategies, fetchers, config, auth, discovery, httpAuth, httpRouter, logger, permissions, userInfo, cluster }) {
        // The name and title people know the cluster by: the entry of the Kubernetes plugin's own
        // config that ClusterAccess works with (slipway.kubernetes.cluster, else the first).
        const configured = selectClusterSetting(config);
        clusterSuppliers.addClusterSupplier(
          new ImpersonatingClusterSupplier({
            auth,
            discovery,
            permissions,
            cluster,
            name: configured.name,
            title: configured.title,
          }),
        );
        authStrategies.addAuthStrategy(AUTH_PROVIDER, new ImpersonationAuthStrategy());
        fetchers.addFetcher(async ({ getDefault }) => new EnvironmentFanOutFetcher(await getDefault()));
        httpRouter.use(createImpersonatingGateway({ httpAuth, userInfo, cluster, logger }));
      },
    });
  },
});
