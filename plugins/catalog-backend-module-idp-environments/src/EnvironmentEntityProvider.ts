import { LoggerService, SchedulerServiceTaskRunner } from '@backstage/backend-plugin-api';
import { EntityProvider, EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { ENVIRONMENT_LABELS, Environment, MANAGED_BY, environmentFromNamespace } from '@internal/plugin-idp-environments-common';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { CoreV1Api } from '@kubernetes/client-node';
import { ENVIRONMENT_LOCATION, environmentEntity } from './environmentEntity';

/** Mirrors the cluster's Slipway environments into the catalog on a schedule (full replace). */
export class EnvironmentEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  constructor(
    private readonly cluster: ClusterAccess,
    private readonly runner: SchedulerServiceTaskRunner,
    private readonly logger: LoggerService,
  ) {}

  getProviderName() {
    return 'slipway-environments';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.runner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: async () => {
        await this.refresh();
      },
    });
  }

  async refresh(): Promise<number> {
    if (!this.connection) throw new Error('EnvironmentEntityProvider is not connected to the catalog yet');
    const namespaces = await this.cluster
      .asService(CoreV1Api)
      .listNamespace({ labelSelector: `${ENVIRONMENT_LABELS.managedBy}=${MANAGED_BY}` });
    const environments = namespaces.items.map(environmentFromNamespace).filter((e): e is Environment => !!e && e.phase === 'Active');
    await this.connection.applyMutation({
      type: 'full',
      entities: environments.map(e => ({ entity: environmentEntity(e), locationKey: ENVIRONMENT_LOCATION })),
    });
    this.logger.debug(`Catalog now lists ${environments.length} environments`);
    return environments.length;
  }
}
