/*
 * Against the real local control plane (cluster/cluster.sh): the capabilities every Slipway
 * feature builds on. The cluster is started once per test run by scripts/test.sh, or here
 * when a developer runs this file alone.
 */
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  Metrics,
  PatchStrategy,
  V1Deployment,
} from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { ensureLocalCluster, LocalCluster } from './localCluster';
import { impersonatingConfiguration } from '@internal/plugin-idp-kubernetes-node';
import { loadKubeConfig } from './loadKubeConfig';

jest.setTimeout(180_000);

/** metrics-server reports CPU in nanocores ("250000000n"), millicores ("250m") or cores. */
function toMillicores(cpu: string): number {
  if (cpu.endsWith('n')) return Number(cpu.slice(0, -1)) / 1e6;
  if (cpu.endsWith('u')) return Number(cpu.slice(0, -1)) / 1e3;
  if (cpu.endsWith('m')) return Number(cpu.slice(0, -1));
  return Number(cpu) * 1000;
}

let cluster: LocalCluster;
let admin: KubeConfig;
let core: CoreV1Api;
const namespaces: string[] = [];

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

async function createNamespace(prefix: string) {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  await core.createNamespace({ body: { metadata: { name, labels: { 'slipway.dev/test': 'local-cluster' } } } });
  namespaces.push(name);
  return name;
}

function deployment(namespace: string, name: string, replicas: number): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: {
          labels: { app: name },
          // KWOK reports this usage to metrics-server.
          annotations: { 'kwok.x-k8s.io/usage-cpu': '250m', 'kwok.x-k8s.io/usage-memory': '300Mi' },
        },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'registry.example.com/team-a/web:1.0.0',
              resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
            },
          ],
        },
      },
    },
  };
}

beforeAll(async () => {
  cluster = await ensureLocalCluster();
  admin = loadKubeConfig(cluster.adminKubeconfig);
  core = admin.makeApiClient(CoreV1Api);
});

afterAll(async () => {
  await Promise.all(namespaces.map(name => core.deleteNamespace({ name }).catch(() => undefined)));
});

describe('local control plane', () => {
  it('runs the pinned Kubernetes release with simulated, Ready nodes', async () => {
    const nodes = await core.listNode();
    expect(nodes.items.length).toBeGreaterThanOrEqual(1);
    for (const node of nodes.items) {
      expect(node.status?.nodeInfo?.kubeletVersion).toMatch(/^v1\.\d+\.\d+/);
      expect(node.status?.conditions?.find(c => c.type === 'Ready')?.status).toBe('True');
    }
    const ingress = await core.readNamespace({ name: 'ingress-nginx' });
    expect(ingress.metadata?.name).toBe('ingress-nginx');
  });

  it('server-side applies a Deployment that reaches Ready, and re-applying changes nothing', async () => {
    const namespace = await createNamespace('ssa');
    const objects = KubernetesObjectApi.makeApiClient(admin);
    const apps = admin.makeApiClient(AppsV1Api);
    const applied = await objects.patch(deployment(namespace, 'web', 3), undefined, undefined, 'slipway', true, PatchStrategy.ServerSideApply);
    expect(applied.metadata?.managedFields?.some(f => f.manager === 'slipway' && f.operation === 'Apply')).toBe(true);

    const ready = await eventually('3 ready replicas', async () => {
      const d = await apps.readNamespacedDeployment({ name: 'web', namespace });
      return d.status?.readyReplicas === 3 ? d : undefined;
    });
    const again = await objects.patch(deployment(namespace, 'web', 3), undefined, undefined, 'slipway', true, PatchStrategy.ServerSideApply);
    expect(again.metadata?.resourceVersion).toBe(ready.metadata?.resourceVersion);

    const pods = await core.listNamespacedPod({ namespace });
    expect(pods.items).toHaveLength(3);
    for (const pod of pods.items) {
      expect(pod.status?.phase).toBe('Running');
      expect(pod.spec?.nodeName).toMatch(/^kwok-node-/);
    }
  });

  it('refuses an over-quota pod with the API server’s own message', async () => {
    const namespace = await createNamespace('quota');
    await core.createNamespacedResourceQuota({
      namespace,
      body: { metadata: { name: 'compute' }, spec: { hard: { 'requests.cpu': '100m', 'limits.cpu': '200m' } } },
    });
    const error = await core
      .createNamespacedPod({
        namespace,
        body: {
          metadata: { name: 'too-big' },
          spec: {
            containers: [{ name: 'c', image: 'registry.example.com/x:1', resources: { requests: { cpu: '500m' }, limits: { cpu: '1' } } }],
          },
        },
      })
      .then(
        () => undefined,
        e => e as ApiException<string>,
      );
    expect(error).toBeInstanceOf(ApiException);
    expect(error?.code).toBe(403);
    expect(JSON.parse(error!.body).message).toMatch(/exceeded quota: compute, requested: limits\.cpu=1,requests\.cpu=500m/);
  });

  it('impersonates a user and their groups: a RoleBinding allows, elsewhere is 403', async () => {
    const own = await createNamespace('team-a');
    const other = await createNamespace('team-b');
    const rbac = KubernetesObjectApi.makeApiClient(admin);
    await rbac.create({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'team-a-leads-edit', namespace: own },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'team-a-leads' }],
    } as any);

    // The portal backend's own identity does the impersonating, as it will for every request.
    const backend = loadKubeConfig(cluster.backendKubeconfig);
    const asBob = new CoreV1Api(impersonatingConfiguration(backend, { user: 'bob', groups: ['team-a', 'team-a-leads'] }));
    const asCarol = new CoreV1Api(impersonatingConfiguration(backend, { user: 'carol', groups: ['team-b'] }));
    const configMap = { metadata: { name: 'settings' }, data: { LOG_LEVEL: 'info' } };

    // RBAC caches can lag a new binding by a moment.
    const created = await eventually('bob allowed by the binding of his second group', () =>
      asBob.createNamespacedConfigMap({ namespace: own, body: configMap }),
    );
    expect(created.metadata?.name).toBe('settings');

    const refusals = await Promise.all([
      asBob.createNamespacedConfigMap({ namespace: other, body: configMap }).catch(e => e),
      asCarol.listNamespacedConfigMap({ namespace: own }).catch(e => e),
    ]);
    expect(refusals.map(e => (e as ApiException<string>).code)).toEqual([403, 403]);
    expect(JSON.parse(refusals[0].body).message).toContain(`User "bob" cannot create resource "configmaps" in API group "" in the namespace "${other}"`);
    expect(JSON.parse(refusals[1].body).message).toContain(`User "carol" cannot list resource "configmaps"`);
  });

  it('reads simulated pod logs and pod metrics', async () => {
    const namespace = await createNamespace('observe');
    const objects = KubernetesObjectApi.makeApiClient(admin);
    await objects.patch(deployment(namespace, 'api', 1), undefined, undefined, 'slipway', true, PatchStrategy.ServerSideApply);
    const pod = await eventually('a running pod', async () => {
      const pods = await core.listNamespacedPod({ namespace });
      return pods.items.find(p => p.status?.phase === 'Running');
    });

    const log = await eventually('log lines', async () => {
      const text = await core.readNamespacedPodLog({ name: pod.metadata!.name!, namespace, container: 'web', tailLines: 20 });
      return text.trim().length > 0 ? text : undefined;
    });
    expect(log.split('\n').length).toBeGreaterThan(0);

    const metrics = new Metrics(admin);
    const usage = await eventually(
      'pod metrics from metrics-server',
      async () => (await metrics.getPodMetrics(namespace)).items.find(m => m.metadata.name === pod.metadata!.name),
      150_000,
    );
    const cpu = usage.containers[0].usage.cpu;
    expect(cpu).toMatch(/^\d+(n|u|m)?$/);
    const millicores = toMillicores(cpu);
    expect(millicores).toBeGreaterThan(200);
    expect(millicores).toBeLessThan(300);
  });
});
