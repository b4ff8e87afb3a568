/*
 * Backstage's own Kubernetes plugin with Slipway's module, against the real local control plane:
 * its views and its proxy act as the signed-in person, so Kubernetes RBAC decides what they show
 * and do, and an impersonation header a client sends never reaches the API server.
 */
import { coreServices, createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { EnvironmentType, renderEnvironment, resolveEnvironmentTypes } from '@internal/plugin-idp-environments-common';
import { ClusterAccess, clusterAccessServiceRef } from '@internal/plugin-idp-kubernetes-node';
import { ownershipUserInfo, slipwayPolicyPermissionsFactory } from '@internal/plugin-permission-backend-module-slipway-policy/testUtils';
import { AppsV1Api, CoreV1Api, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import { kubernetesModuleSlipway } from './module';

jest.setTimeout(180_000);

const tag = randomBytes(3).toString('hex');
const app = `web-${tag}`;
const dev = `team-a-k8s-${tag}`;
const prod = `team-a-k8p-${tag}`;
const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: `team-a.${app}`, namespace: 'default', annotations: { 'backstage.io/kubernetes-label-selector': `slipway.dev/team=team-a,slipway.dev/app=${app}` } },
  spec: { type: 'service', owner: 'group:default/team-a', lifecycle: 'production' },
};
const as = (user: string) => ({ Authorization: mockCredentials.user.header(`user:default/${user}`) });

let server: Parameters<typeof request>[0];
let core: CoreV1Api;

async function environment(name: string, type: EnvironmentType, writer: KubernetesObjectApi) {
  const settings = resolveEnvironmentTypes(undefined).find(t => t.type === type)!;
  const objects = renderEnvironment({ environment: { team: 'team-a', name, type, owner: 'user:default/bob', createdAt: new Date().toISOString(), protected: false }, settings });
  for (const object of objects) await writer.patch(object as any, undefined, undefined, 'slipway', true, PatchStrategy.ServerSideApply);
}

beforeAll(async () => {
  const local = await ensureLocalCluster();
  const admin = loadKubeConfig(local.adminKubeconfig);
  core = admin.makeApiClient(CoreV1Api);
  const writer = KubernetesObjectApi.makeApiClient(admin);
  await environment(`k8s-${tag}`, 'development', writer);
  await environment(`k8p-${tag}`, 'production', writer);
  const labels = { 'app.kubernetes.io/managed-by': 'slipway', 'slipway.dev/team': 'team-a', 'slipway.dev/app': app };
  await admin.makeApiClient(AppsV1Api).createNamespacedDeployment({
    namespace: dev,
    body: {
      metadata: { name: app, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: { 'slipway.dev/app': app } },
        template: {
          metadata: { labels },
          spec: {
            securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'web',
                image: 'registry.example.com/team-a/web:1.0.0',
                resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
              },
            ],
          },
        },
      },
    },
  });
  await core.createNamespacedSecret({ namespace: dev, body: { metadata: { name: 'db' }, stringData: { password: `canary-${tag}` } } });

  ({ server } = await startTestBackend({
    features: [
      kubernetesPlugin,
      kubernetesModuleSlipway,
      catalogServiceMock.factory({ entities: [entity] }),
      slipwayPolicyPermissionsFactory(),
      createServiceFactory({ service: coreServices.userInfo, deps: {}, factory: () => ownershipUserInfo() }),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            // As in app-config.yaml: what people may read in their environments.
            objectTypes: ['pods', 'services', 'configmaps', 'limitranges', 'resourcequotas', 'deployments', 'replicasets', 'horizontalpodautoscalers', 'jobs', 'cronjobs', 'ingresses', 'statefulsets'],
            clusterLocatorMethods: [{ type: 'config', clusters: [{ name: 'local', url: 'https://unused.invalid', authProvider: 'serviceAccount' }] }],
          },
        },
      }),
      createServiceFactory({ service: clusterAccessServiceRef, deps: {}, factory: () => new ClusterAccess(loadKubeConfig(local.backendKubeconfig)) }),
    ],
  }));
});

afterAll(async () => {
  await Promise.all([dev, prod].map(name => core.deleteNamespace({ name }).catch(() => undefined)));
});

const objectsFor = async (user: string) => {
  const res = await request(server).post(`/api/kubernetes/services/team-a.${app}`).set(as(user)).send({ entity });
  expect({ status: res.status, body: res.status === 200 ? undefined : res.body }).toEqual({ status: 200 });
  return res.body.items as Array<{ cluster: { name: string }; resources: Array<{ type: string; resources: any[] }>; errors: unknown[] }>;
};

describe('the Kubernetes tab', () => {
  it('shows a team member the app’s objects, fetched as them in their environments', async () => {
    const items = await objectsFor('alice');
    expect(items).toHaveLength(1);
    expect(items[0].cluster.name).toBe('local');
    expect(items[0].errors).toEqual([]);
    const deployments = items[0].resources.find(r => r.type === 'deployments')!.resources;
    expect(deployments.map(d => `${d.metadata.namespace}/${d.metadata.name}`)).toEqual([`${dev}/${app}`]);
  });

  it('shows another team nothing of it', async () => {
    expect(await objectsFor('carol')).toEqual([]);
  });

  it('never lists Secrets or tells a browser how it authenticates', async () => {
    const body = JSON.stringify(await objectsFor('alice'));
    expect(body).not.toContain(`canary-${tag}`);
    const clusters = await request(server).get('/api/kubernetes/clusters').set(as('alice'));
    expect(clusters.body.items).toEqual([{ name: 'local', authProvider: 'serviceAccount' }]);
  });
});

describe('the Kubernetes proxy', () => {
  const proxy = (user: string, path: string, headers: Record<string, string> = {}) =>
    request(server)
      .get(`/api/kubernetes/proxy${path}`)
      .set({ ...as(user), 'Backstage-Kubernetes-Cluster': 'local', ...headers });

  it('lets a person do what they could with kubectl, and nothing more', async () => {
    expect((await proxy('alice', `/api/v1/namespaces/${dev}/pods`)).status).toBe(200);
    expect((await proxy('carol', `/api/v1/namespaces/${dev}/pods`)).status).toBe(403);
    expect((await proxy('alice', `/api/v1/namespaces/${dev}/secrets`)).status).toBe(403);
    expect((await proxy('alice', '/api/v1/namespaces/kube-system/pods')).status).toBe(403);
    const write = await request(server)
      .post(`/api/kubernetes/proxy/api/v1/namespaces/${prod}/configmaps`)
      .set({ ...as('bob'), 'Backstage-Kubernetes-Cluster': 'local', 'Content-Type': 'application/json' })
      .send({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'sneaky' }, data: { a: 'b' } });
    expect(write.status).toBe(403);
    expect(write.body.message).toMatch(/User "bob" cannot create resource "configmaps"/);
  });

  it('never passes on impersonation headers a client sends', async () => {
    const res = await proxy('carol', `/api/v1/namespaces/${dev}/secrets`, { 'Impersonate-Group': 'system:masters', 'Impersonate-User': 'admin' });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/User "carol" cannot list resource "secrets"/);
  });

  it('refuses a "." or ".." path segment, which URL parsing would turn into another object (here the namespace)', async () => {
    for (const segment of ['..', '%2e%2e']) {
      const res = await request(server)
        .delete(`/api/kubernetes/proxy/api/v1/namespaces/${dev}/pods/${segment}`)
        .set({ ...as('alice'), 'Backstage-Kubernetes-Cluster': 'local' });
      expect(res.status).toBe(404);
      expect(res.body.error.message).toMatch(/^No such object: DELETE \/api\/v1\/namespaces\/team-a-k8s-\w+\/pods\/(\.\.|%2e%2e) names "(\.\.|%2e%2e)", and a Kubernetes name is never "\." or "\.\."/);
    }
    expect((await core.readNamespace({ name: dev })).metadata?.deletionTimestamp).toBeUndefined();
  });

  it('refuses services, such as a CI token', async () => {
    const res = await request(server)
      .get(`/api/kubernetes/proxy/api/v1/namespaces/${dev}/pods`)
      .set({ Authorization: mockCredentials.service.header({ onBehalfOf: mockCredentials.service('external:ci'), targetPluginId: 'kubernetes' }), 'Backstage-Kubernetes-Cluster': 'local' });
    expect(res.status).toBe(403);
  });
});
