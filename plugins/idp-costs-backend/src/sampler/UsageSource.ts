import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { memoryBytes, parseQuantity } from '@internal/plugin-idp-environments-common';
import { CustomObjectsApi, PodMetric } from '@kubernetes/client-node';
import { ContainerUsage, usageKey } from './observe';

/** Where the sampler reads what containers use right now. */
export interface UsageSource {
  containerUsage(now: Date): Promise<ContainerUsage>;
}

/** metrics-server: one cluster-wide LIST of pod metrics per run. */
export class MetricsServerUsage implements UsageSource {
  constructor(private readonly cluster: ClusterAccess) {}

  async containerUsage(): Promise<ContainerUsage> {
    const list = (await this.cluster
      .asService(CustomObjectsApi)
      .listClusterCustomObject({ group: 'metrics.k8s.io', version: 'v1beta1', plural: 'pods' })) as { items: PodMetric[] };
    const usage: ContainerUsage = new Map();
    for (const pod of list.items) {
      for (const container of pod.containers ?? []) {
        usage.set(usageKey(pod.metadata.namespace, pod.metadata.name, container.name), {
          // metrics-server's rate carries nanocore jitter; the nearest millicore is Kubernetes' smallest CPU unit.
          cpuCores: Math.round(parseQuantity(container.usage.cpu) * 1000) / 1000,
          ramBytes: memoryBytes(container.usage.memory),
        });
      }
    }
    return usage;
  }
}
