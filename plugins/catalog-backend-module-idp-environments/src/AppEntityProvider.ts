import { ENVIRONMENT_LABELS, Environment, MANAGED_BY, environmentFromNamespace } from '@internal/plugin-idp-environments-common';
import { AppsV1Api, BatchV1Api, CoreV1Api, V1ObjectMeta } from '@kubernetes/client-node';
import { APP_LOCATION, LabelledWorkload, appEntity, deployedApps } from './appEntity';
import { ScheduledEntityProvider } from './ScheduledEntityProvider';

/** Mirrors the apps Slipway deployed (Deployments and CronJobs it manages) into the catalog. */
export class AppEntityProvider extends ScheduledEntityProvider {
  getProviderName() {
    return 'slipway-apps';
  }

  protected async readEntities() {
    const labelSelector = `${ENVIRONMENT_LABELS.managedBy}=${MANAGED_BY}`;
    const [namespaces, deployments, cronJobs] = await Promise.all([
      this.cluster.asService(CoreV1Api).listNamespace({ labelSelector }),
      this.cluster.asService(AppsV1Api).listDeploymentForAllNamespaces({ labelSelector }),
      this.cluster.asService(BatchV1Api).listCronJobForAllNamespaces({ labelSelector }),
    ]);
    const teamOfNamespace = new Map(
      namespaces.items
        .map(environmentFromNamespace)
        .filter((e): e is Environment => !!e)
        .map(e => [e.namespace, e.team]),
    );
    const workload = (kind: LabelledWorkload['kind'], metadata?: V1ObjectMeta): LabelledWorkload => ({
      kind,
      namespace: metadata?.namespace ?? '',
      name: metadata?.name ?? '',
      labels: metadata?.labels ?? {},
    });
    const { apps, skipped } = deployedApps(
      [...deployments.items.map(d => workload('Deployment', d.metadata)), ...cronJobs.items.map(c => workload('CronJob', c.metadata))],
      teamOfNamespace,
    );
    for (const reason of skipped) this.logger.warn(`Not listing an app in the catalog: ${reason}; fix or remove its slipway.dev labels`);
    return { entities: apps.map(appEntity), locationKey: APP_LOCATION, what: 'apps' };
  }
}
