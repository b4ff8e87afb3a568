/* The app provider against the real local control plane. */
import { mockServices } from '@backstage/backend-test-utils';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { CoreV1Api, KubernetesObjectApi } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { AppEntityProvider } from './AppEntityProvider';

jest.setTimeout(120_000);

it('lists every app Slipway deployed as a Component of its team', async () => {
  const local = await ensureLocalCluster();
  const admin = loadKubeConfig(local.adminKubeconfig);
  const namespace = `team-b-cat-${randomBytes(3).toString('hex')}`;
  const app = `svc-${randomBytes(2).toString('hex')}`;
  await admin.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: namespace } } });
  try {
    const labels = { 'app.kubernetes.io/managed-by': 'slipway', 'slipway.dev/team': 'team-b', 'slipway.dev/app': app, 'slipway.dev/environment': 'cat' };
    await KubernetesObjectApi.makeApiClient(admin).create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: app, namespace, labels },
      spec: {
        replicas: 0,
        selector: { matchLabels: { 'slipway.dev/app': app } },
        template: { metadata: { labels }, spec: { containers: [{ name: app, image: 'registry.example.com/team-b/x:1' }] } },
      },
    } as any);

    const mutations: any[] = [];
    const connection: EntityProviderConnection = { applyMutation: async m => void mutations.push(m), refresh: async () => {} };
    const provider = new AppEntityProvider(new ClusterAccess(loadKubeConfig(local.backendKubeconfig)), { run: async () => {} }, mockServices.logger.mock());
    await provider.connect(connection);
    await provider.refresh();
    const entity = mutations[0].entities.map((e: any) => e.entity).find((e: any) => e.metadata.name === `team-b.${app}`);
    expect(entity).toMatchObject({ kind: 'Component', spec: { owner: 'group:default/team-b' }, metadata: { tags: ['slipway', 'env-cat'] } });
  } finally {
    await admin.makeApiClient(CoreV1Api).deleteNamespace({ name: namespace });
  }
});
