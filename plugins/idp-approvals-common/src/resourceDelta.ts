import { KubernetesManifest, cpuMillicores, memoryBytes } from '@internal/plugin-idp-environments-common';
import { ResourceDelta } from './api';
import { manifestKey } from './canonical';

interface Requests { cpu?: string | number; memory?: string | number }
interface PodSpecLike { containers?: { resources?: { requests?: Requests } }[] }

const safe = (parse: (q: string | number) => number, quantity: string | number | undefined) => {
  if (quantity === undefined) return 0;
  try {
    return parse(quantity);
  } catch {
    return 0;
  }
};

/** What the Deployments among the manifests request in all: replicas (the autoscaler's minimum when there is one) × their pods' requests. */
export function resourcesOf(manifests: readonly KubernetesManifest[]): ResourceDelta {
  const total: ResourceDelta = { cpuMillicores: 0, memoryBytes: 0, replicas: 0 };
  for (const deployment of manifests.filter(m => m.kind === 'Deployment')) {
    const spec = (deployment.spec ?? {}) as { replicas?: number; template?: { spec?: PodSpecLike } };
    const hpa = manifests.find(
      m => m.kind === 'HorizontalPodAutoscaler' && (m.spec as { scaleTargetRef?: { name?: string } })?.scaleTargetRef?.name === deployment.metadata.name,
    );
    const replicas = Math.max(spec.replicas ?? 1, (hpa?.spec as { minReplicas?: number } | undefined)?.minReplicas ?? 0);
    for (const container of spec.template?.spec?.containers ?? []) {
      total.cpuMillicores += replicas * safe(cpuMillicores, container.resources?.requests?.cpu);
      total.memoryBytes += replicas * safe(memoryBytes, container.resources?.requests?.memory);
    }
    total.replicas += replicas;
  }
  return total;
}

/**
 * How much more (or, negative, less) production runs once the desired manifests replace the live
 * objects of the same names.
 */
export function resourceDelta(live: readonly KubernetesManifest[], desired: readonly KubernetesManifest[]): ResourceDelta {
  const desiredKeys = new Set(desired.map(manifestKey));
  const before = resourcesOf(live.filter(m => desiredKeys.has(manifestKey(m))));
  const after = resourcesOf(desired);
  return { cpuMillicores: after.cpuMillicores - before.cpuMillicores, memoryBytes: after.memoryBytes - before.memoryBytes, replicas: after.replicas - before.replicas };
}
