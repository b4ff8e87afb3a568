import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { ClusterAccess, ClusterNotUpYetError } from '@internal/plugin-idp-kubernetes-node';
import { ScheduledEntityProvider } from './ScheduledEntityProvider';

/** A provider whose cluster answers only from its third read on, as while scripts/dev.sh builds it. */
class ProviderOfALateCluster extends ScheduledEntityProvider {
  reads = 0;
  getProviderName() {
    return 'late-cluster';
  }
  protected async readEntities() {
    this.reads += 1;
    if (this.reads < 3) throw new ClusterNotUpYetError("The cluster's token file /x/backend.token does not exist yet");
    const entity: Entity = { apiVersion: 'backstage.io/v1alpha1', kind: 'Resource', metadata: { name: 'team-a-dev' }, spec: {} };
    return { entities: [entity], locationKey: 'late-cluster', what: 'environments' };
  }
}

it('waits quietly for a local cluster still being built: no mutation, one info line, then the entities once it answers', async () => {
  const logger = mockServices.logger.mock();
  const mutations: unknown[] = [];
  const connection: EntityProviderConnection = { applyMutation: async m => void mutations.push(m), refresh: async () => {} };
  const provider = new ProviderOfALateCluster({} as ClusterAccess, { run: async () => {} }, logger);
  await provider.connect(connection);

  expect(await provider.refresh()).toBe(0);
  expect(await provider.refresh()).toBe(0);
  expect(mutations).toEqual([]);
  expect(logger.info).toHaveBeenCalledTimes(1);
  expect(logger.info).toHaveBeenCalledWith(expect.stringContaining('late-cluster waits for the local cluster'));
  expect(logger.error).not.toHaveBeenCalled();

  expect(await provider.refresh()).toBe(1);
  expect(mutations).toHaveLength(1);
  expect(logger.info).toHaveBeenLastCalledWith('late-cluster: the local cluster is up');
});

it('still fails on any other error, so the scheduler reports it', async () => {
  class Broken extends ProviderOfALateCluster {
    protected async readEntities(): Promise<never> {
      throw new Error('forbidden');
    }
  }
  const provider = new Broken({} as ClusterAccess, { run: async () => {} }, mockServices.logger.mock());
  await provider.connect({ applyMutation: async () => {}, refresh: async () => {} });
  await expect(provider.refresh()).rejects.toThrow('forbidden');
});
