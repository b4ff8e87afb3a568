import { V1Deployment, V1Pod } from '@kubernetes/client-node';
import { EnvironmentViews } from './EnvironmentViews';
import { MetricsHistory } from './MetricsHistory';
import { WorkloadCache } from './WorkloadCache';

const NS = 'team-a-dev';

const deployment: V1Deployment = {
  metadata: { name: 'web', namespace: NS, generation: 1, labels: { 'slipway.dev/app': 'web' } },
  spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'web', image: 'web:1' }] } } },
  status: { observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 },
};
const pod = (name: string, restarts: number): V1Pod => ({
  metadata: { name, namespace: NS, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d8f7c9b4', uid: '1', controller: true }] },
  spec: { containers: [{ name: 'web', image: 'web:1' }] },
  status: { phase: 'Running', containerStatuses: [{ name: 'web', image: 'web:1', imageID: '', ready: true, restartCount: restarts, state: { running: {} } }] },
});

/** The cache as the views read it: per-namespace lists and a version. */
function fakeCache() {
  const state = { version: 1, pods: [pod('web-5d8f7c9b4-a', 0), pod('web-5d8f7c9b4-b', 2)] };
  const list = <T>(items: () => T[]) => ({ list: jest.fn((namespace?: string) => (namespace === NS ? items() : [])) });
  const cache = {
    namespaces: { list: () => [{ metadata: { name: NS } }] },
    environment: (namespace: string) => (namespace === NS ? { metadata: { name: NS } } : undefined),
    version: () => state.version,
    pods: list(() => state.pods),
    deployments: list(() => [deployment]),
    replicaSets: list(() => [{ metadata: { name: 'web-5d8f7c9b4', namespace: NS, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: '2', controller: true }] } }]),
    jobs: list(() => []),
    cronJobs: list(() => []),
    events: list(() => []),
  };
  return { cache: cache as unknown as WorkloadCache, state, podLists: cache.pods.list };
}

describe('EnvironmentViews.summary', () => {
  it('counts what the detail shows', () => {
    const { cache } = fakeCache();
    const views = new EnvironmentViews(cache, new MetricsHistory());
    const status = views.status(NS);
    expect(views.summary(NS)).toEqual({
      namespace: NS,
      workloads: status.workloads.length,
      healthy: 1,
      pods: status.pods.length,
      restarts: status.pods.reduce((sum, p) => sum + p.restarts, 0),
      problems: 0,
    });
    expect(views.summary(NS)).toMatchObject({ workloads: 1, pods: 2, restarts: 2 });
  });

  it('is computed again only after something in the namespace changed', () => {
    const { cache, state, podLists } = fakeCache();
    const views = new EnvironmentViews(cache, new MetricsHistory());
    const first = views.summary(NS);
    expect(views.summary(NS)).toBe(first);
    expect(podLists).toHaveBeenCalledTimes(1);

    state.pods = [...state.pods, pod('web-5d8f7c9b4-c', 1)];
    state.version = 7;
    expect(views.summary(NS)).toMatchObject({ pods: 3, restarts: 3 });
    expect(podLists).toHaveBeenCalledTimes(2);
  });
});
