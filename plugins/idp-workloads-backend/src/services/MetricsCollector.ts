import { LoggerService } from '@backstage/backend-plugin-api';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { CustomObjectsApi, PodMetric } from '@kubernetes/client-node';
import { ownerLookup, workloadOfPod } from '../views/owners';
import { MetricsHistory, usageSamplesFromPodMetrics } from './MetricsHistory';
import { WorkloadCache } from './WorkloadCache';

/**
 * Samples metrics-server's pod metrics for every Slipway environment into the in-memory history
 * the charts draw (one cluster-wide LIST per interval, not one per page view).
 */
export class MetricsCollector {
  constructor(private readonly deps: { cluster: ClusterAccess; cache: WorkloadCache; history: MetricsHistory; logger: LoggerService }) {}

  async collect(now = Date.now()): Promise<number> {
    const { cluster, cache, history } = this.deps;
    const list = (await cluster
      .asService(CustomObjectsApi)
      .listClusterCustomObject({ group: 'metrics.k8s.io', version: 'v1beta1', plural: 'pods' })) as { items: PodMetric[] };
    const environments = list.items.filter(m => cache.environment(m.metadata.namespace));
    const owners = new Map<string, ReturnType<typeof ownerLookup>>();
    const ownersOf = (namespace: string) => {
      if (!owners.has(namespace)) owners.set(namespace, ownerLookup([...cache.replicaSets.list(namespace)], [...cache.jobs.list(namespace)]));
      return owners.get(namespace)!;
    };
    const samples = usageSamplesFromPodMetrics(environments, (namespace, pod) => {
      const object = cache.pods.get(pod, namespace);
      return object ? workloadOfPod(object, ownersOf(namespace)) : undefined;
    });
    history.record(samples, now);
    history.prune(now);
    return samples.length;
  }
}
