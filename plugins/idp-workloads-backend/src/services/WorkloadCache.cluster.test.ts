/*
 * The workload cache against the real local control plane: it keeps Slipway's environments'
 * objects, including an environment created after it started, and nothing of other namespaces;
 * an environment's watches stop when it is deleted.
 */
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { renderEnvironment, resolveEnvironmentTypes } from '@internal/plugin-idp-environments-common';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { CoreV1Api, KubernetesObjectApi, PatchStrategy, V1Pod } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { eventually } from '../__testUtils__/realBackend';
import { WorkloadCache } from './WorkloadCache';

jest.setTimeout(120_000);

const tag = randomBytes(3).toString('hex');
const environment = `team-a-wc-${tag}`;
const other = `not-slipway-${tag}`;
const quiet = { info() {}, warn() {}, error() {}, debug() {}, child: () => quiet } as any;

const pod = (namespace: string): V1Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'probe', namespace },
  spec: {
    securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      {
        name: 'probe',
        image: 'registry.example.com/team-a/probe:1.0.0',
        resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '50m', memory: '32Mi' } },
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      },
    ],
  },
});

let core: CoreV1Api;
let cache: WorkloadCache;

beforeAll(async () => {
  const local = await ensureLocalCluster();
  core = loadKubeConfig(local.adminKubeconfig).makeApiClient(CoreV1Api);
  // A namespace Slipway does not manage, with a pod, before and after the cache starts.
  await core.createNamespace({ body: { metadata: { name: other } } });
  await core.createNamespacedPod({ namespace: other, body: pod(other) });
  cache = new WorkloadCache(new ClusterAccess(loadKubeConfig(local.backendKubeconfig)), quiet);
  await cache.start();

  const writer = KubernetesObjectApi.makeApiClient(loadKubeConfig(local.adminKubeconfig));
  const settings = resolveEnvironmentTypes(undefined).find(t => t.type === 'development')!;
  const objects = renderEnvironment({
    environment: { team: 'team-a', name: `wc-${tag}`, type: 'development', owner: 'user:default/alice', createdAt: new Date().toISOString(), protected: false },
    settings,
  });
  for (const object of objects) await writer.patch(object as any, undefined, undefined, 'slipway', true, PatchStrategy.ServerSideApply);
  await core.createNamespacedPod({ namespace: environment, body: pod(environment) });
});

afterAll(async () => {
  await cache?.stop();
  await Promise.all([environment, other].map(name => core.deleteNamespace({ name }).catch(() => undefined)));
});

it("keeps an environment created after it started, and nothing of other namespaces", async () => {
  await eventually('the new environment’s pod in the cache', async () => cache.pods.get('probe', environment));
  await eventually('the new environment’s events in the cache', async () => (cache.events.list(environment).length > 0 ? true : undefined));
  expect(cache.watchedNamespaces()).toContain(environment);
  expect(cache.watchedNamespaces()).not.toContain(other);
  expect(cache.watchedNamespaces()).not.toContain('kube-system');
  expect(cache.pods.get('probe', other)).toBeUndefined();
  expect(cache.pods.list('kube-system')).toEqual([]);
  expect(cache.events.list(other)).toEqual([]);
});

it('stops an environment’s watches when it is deleted', async () => {
  await eventually('the environment watched', async () => (cache.watchedNamespaces().includes(environment) ? true : undefined));
  await core.deleteNamespace({ name: environment });
  // KWOK finalizes quickly; the namespace informer's delete stops the six watches.
  await eventually('the environment no longer watched', async () => (cache.watchedNamespaces().includes(environment) ? undefined : true), 90_000);
  expect(cache.pods.list(environment)).toEqual([]);
});
