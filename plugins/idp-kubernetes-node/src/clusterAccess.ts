import { coreServices, createServiceFactory, createServiceRef } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ApiType, Configuration, KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import { Impersonation, impersonatingConfiguration } from './impersonation';

type ApiConstructor<T extends ApiType> = new (configuration: Configuration) => T;

/**
 * The portal's access to its cluster. Everything a user asks for goes through `asUser`, so
 * Kubernetes RBAC has the last word; `asService` is for what only the platform may do
 * (namespaces, quotas, role bindings) after the permission framework allowed it, and for
 * background work such as the TTL janitor.
 */
export class ClusterAccess {
  static fromConfig(config: Config): ClusterAccess {
    const kc = new KubeConfig();
    const path = config.getOptionalString('slipway.kubernetes.kubeconfigPath');
    if (path) kc.loadFromFile(path);
    else kc.loadFromDefault();
    if (!kc.getCurrentCluster()) {
      throw new Error(
        'No Kubernetes cluster configured: set slipway.kubernetes.kubeconfigPath (or KUBECONFIG) to the kubeconfig of the portal service account',
      );
    }
    return new ClusterAccess(kc);
  }

  constructor(private readonly kubeConfig: KubeConfig) {}

  /** The API server URL, for messages. */
  get server(): string {
    return this.kubeConfig.getCurrentCluster()!.server;
  }

  asService<T extends ApiType>(Api: ApiConstructor<T>): T {
    return this.kubeConfig.makeApiClient(Api);
  }

  asUser<T extends ApiType>(Api: ApiConstructor<T>, impersonation: Impersonation): T {
    return new Api(impersonatingConfiguration(this.kubeConfig, impersonation));
  }

  /** Generic object client (server-side apply of any kind) as the service identity. */
  objectsAsService(): KubernetesObjectApi {
    return KubernetesObjectApi.makeApiClient(this.kubeConfig);
  }
}

export const clusterAccessServiceRef = createServiceRef<ClusterAccess>({
  id: 'slipway.cluster-access',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { config: coreServices.rootConfig },
      factory: ({ config }) => ClusterAccess.fromConfig(config),
    }),
});
