/* The app provider against the real local control plane. */
import { mockServices } from '@backstage/backend-test-utils';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { CoreV1Api, KubernetesObjectApi } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { AppEntityProvider } from './AppEntityProvider';

jest.setTimeout(120_000);

it('lists every app Slipway deployed as a Component of its environment’s team, and no workload labelled as another team’s', async () => {
  const local = await ensureLocalCluster();
  const admin = loadKubeConfig(local.adminKubeconfig);
  const environment = `cat-${randomBytes(3).toString('hex')}`;
  const namespace = `team-b-${environment}`;
  const app = `svc-${randomBytes(2).toString('hex')}`;
  const environmentLabels = { 'app.kubernetes.io/managed-by': 'slipway', 'slipway.dev/team': 'team-b', 'slipway.dev/environment': environment, 'slipway.dev/type': 'development' };
  await admin.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: namespace, labels: environmentLabels } } });
  const deploy = (name: string, team: string) => {
    const labels = { 'app.kubernetes.io/managed-by': 'slipway', 'slipway.dev/team': team, 'slipway.dev/app': name, 'slipway.dev/environment': environment };
    return KubernetesObjectApi.makeApiClient(admin).create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace, labels },
      spec: {
        replicas: 0,
        selector: { matchLabels: { 'slipway.dev/app': name } },
        template: { metadata: { labels }, spec: { containers: [{ name, image: 'registry.example.com/team-b/x:1' }] } },
      },
    } as any);
  };
  try {
    await deploy(app, 'team-b');
    await deploy(`${app}-fake`, 'team-a'); // written in team-b's environment, labelled as team-a's

    const mutations: any[] = [];
    const connection: EntityProviderConnection = { applyMutation: async m => void mutations.push(m), refresh: async () => {} };
    const logger = mockServices.logger.mock();
    const provider = new AppEntityProvider(new ClusterAccess(loadKubeConfig(local.backendKubeconfig)), { run: async () => {} }, logger);
    await provider.connect(connection);
    await provider.refresh();
    const entities = mutations[0].entities.map((e: any) => e.entity);
    expect(entities.find((e: any) => e.metadata.name === `team-b.${app}`)).toMatchObject({
      kind: 'Component',
      spec: { owner: 'group:default/team-b' },
      metadata: { tags: ['slipway'], description: 'App of team-b, deployed by Slipway' },
    });
    expect(entities.filter((e: any) => e.metadata.title === `${app}-fake`)).toEqual([]);
    expect(JSON.stringify(entities)).not.toContain(environment);
    expect(logger.warn).toHaveBeenCalledWith(
      `Not listing an app in the catalog: Deployment ${namespace}/${app}-fake is labelled as team team-a's app ${app}-fake but its environment belongs to team-b; fix or remove its slipway.dev labels`,
    );
  } finally {
    await admin.makeApiClient(CoreV1Api).deleteNamespace({ name: namespace });
  }
});
