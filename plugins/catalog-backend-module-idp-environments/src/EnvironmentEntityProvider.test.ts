/* The provider against the real local control plane: what the cluster holds is what the catalog gets. */
import { mockServices } from '@backstage/backend-test-utils';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { environmentFromNamespace, renderEnvironment, resolveEnvironmentTypes } from '@internal/plugin-idp-environments-common';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { CoreV1Api, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { EnvironmentEntityProvider } from './EnvironmentEntityProvider';

jest.setTimeout(120_000);

it('lists each environment as a Resource owned by its team, and drops deleted ones', async () => {
  const local = await ensureLocalCluster();
  const cluster = new ClusterAccess(loadKubeConfig(local.backendKubeconfig));
  const admin = loadKubeConfig(local.adminKubeconfig).makeApiClient(CoreV1Api);
  // The environment's namespace, as the environments backend would create it.
  const development = resolveEnvironmentTypes(undefined).find(t => t.type === 'development')!;
  const [namespace] = renderEnvironment({
    environment: {
      team: 'team-b',
      name: `cat-${randomBytes(3).toString('hex')}`,
      type: 'development',
      owner: 'user:default/carol',
      createdAt: new Date().toISOString(),
      protected: false,
    },
    settings: development,
  });
  const applied = await KubernetesObjectApi.makeApiClient(loadKubeConfig(local.adminKubeconfig)).patch(
    namespace as any,
    undefined,
    undefined,
    'slipway',
    true,
    PatchStrategy.ServerSideApply,
  );
  const environment = environmentFromNamespace(applied as any)!;

  const mutations: any[] = [];
  const connection: EntityProviderConnection = { applyMutation: async m => void mutations.push(m), refresh: async () => {} };
  const runner = { run: async () => {} };
  const provider = new EnvironmentEntityProvider(cluster, runner, mockServices.logger.mock());
  await provider.connect(connection);
  await provider.refresh();

  const entities = mutations[0].entities.map((e: any) => e.entity);
  expect(mutations[0].type).toBe('full');
  expect(entities.find((e: any) => e.metadata.name === environment.namespace)).toMatchObject({
    kind: 'Resource',
    spec: { type: 'environment', owner: 'group:default/team-b' },
  });

  await admin.deleteNamespace({ name: environment.namespace });
  await provider.refresh();
  expect(mutations[1].entities.map((e: any) => e.entity.metadata.name)).not.toContain(environment.namespace);
});
