import { ENVIRONMENT_LABELS, Environment, MANAGED_BY, environmentFromNamespace } from '@internal/plugin-idp-environments-common';
import { CoreV1Api } from '@kubernetes/client-node';
import { ENVIRONMENT_LOCATION, environmentEntity } from './environmentEntity';
import { ScheduledEntityProvider } from './ScheduledEntityProvider';

/** Mirrors the cluster's Slipway environments into the catalog on a schedule (full replace). */
export class EnvironmentEntityProvider extends ScheduledEntityProvider {
  getProviderName() {
    return 'slipway-environments';
  }

  protected async readEntities() {
    const namespaces = await this.cluster
      .asService(CoreV1Api)
      .listNamespace({ labelSelector: `${ENVIRONMENT_LABELS.managedBy}=${MANAGED_BY}` });
    const environments = namespaces.items.map(environmentFromNamespace).filter((e): e is Environment => !!e && e.phase === 'Active');
    return { entities: environments.map(environmentEntity), locationKey: ENVIRONMENT_LOCATION, what: 'environments' };
  }
}
