import { ENVIRONMENT_LABELS, MANAGED_BY } from '@internal/plugin-idp-environments-common';
import { AppsV1Api, BatchV1Api } from '@kubernetes/client-node';
import { APP_LOCATION, appEntity, deployedApps } from './appEntity';
import { ScheduledEntityProvider } from './ScheduledEntityProvider';

/** Mirrors the apps Slipway deployed (Deployments and CronJobs it manages) into the catalog. */
export class AppEntityProvider extends ScheduledEntityProvider {
  getProviderName() {
    return 'slipway-apps';
  }

  protected async readEntities() {
    const labelSelector = `${ENVIRONMENT_LABELS.managedBy}=${MANAGED_BY}`;
    const [deployments, cronJobs] = await Promise.all([
      this.cluster.asService(AppsV1Api).listDeploymentForAllNamespaces({ labelSelector }),
      this.cluster.asService(BatchV1Api).listCronJobForAllNamespaces({ labelSelector }),
    ]);
    const apps = deployedApps([
      ...deployments.items.map(d => ({ kind: 'Deployment' as const, labels: d.metadata?.labels ?? {} })),
      ...cronJobs.items.map(c => ({ kind: 'CronJob' as const, labels: c.metadata?.labels ?? {} })),
    ]);
    return { entities: apps.map(appEntity), locationKey: APP_LOCATION, what: 'apps' };
  }
}
