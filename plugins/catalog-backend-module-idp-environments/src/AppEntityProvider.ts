import { LoggerService, SchedulerServiceTaskRunner } from '@backstage/backend-plugin-api';
import { EntityProvider, EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { ENVIRONMENT_LABELS, MANAGED_BY } from '@internal/plugin-idp-environments-common';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { AppsV1Api, BatchV1Api } from '@kubernetes/client-node';
import { APP_LOCATION, appEntity, deployedApps } from './appEntity';

/** Mirrors the apps Slipway deployed (Deployments and CronJobs it manages) into the catalog. */
export class AppEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  constructor(
    private readonly cluster: ClusterAccess,
    private readonly runner: SchedulerServiceTaskRunner,
    private readonly logger: LoggerService,
  ) {}

  getProviderName() {
    return 'slipway-apps';
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
    if (!this.connection) throw new Error('AppEntityProvider is not connected to the catalog yet');
    const labelSelector = `${ENVIRONMENT_LABELS.managedBy}=${MANAGED_BY}`;
    const [deployments, cronJobs] = await Promise.all([
      this.cluster.asService(AppsV1Api).listDeploymentForAllNamespaces({ labelSelector }),
      this.cluster.asService(BatchV1Api).listCronJobForAllNamespaces({ labelSelector }),
    ]);
    const apps = deployedApps([
      ...deployments.items.map(d => ({ kind: 'Deployment' as const, labels: d.metadata?.labels ?? {} })),
      ...cronJobs.items.map(c => ({ kind: 'CronJob' as const, labels: c.metadata?.labels ?? {} })),
    ]);
    await this.connection.applyMutation({
      type: 'full',
      entities: apps.map(app => ({ entity: appEntity(app), locationKey: APP_LOCATION })),
    });
    this.logger.debug(`Catalog now lists ${apps.length} apps`);
    return apps.length;
  }
}
