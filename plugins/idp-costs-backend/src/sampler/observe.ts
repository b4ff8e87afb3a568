import { ClusterCapacity, ResourceObservation } from '@internal/plugin-idp-costs-common';
import { environmentFromNamespace, memoryBytes, cpuMillicores } from '@internal/plugin-idp-environments-common';
import { V1Namespace, V1Node, V1PersistentVolumeClaim, V1Pod } from '@kubernetes/client-node';

/** Labels that name a pod's app: Slipway's own first, then the well-known one. */
const APP_LABELS = ['slipway.dev/app', 'app.kubernetes.io/name'];

/** Usage of one container, keyed `namespace/pod/container`. */
export type ContainerUsage = Map<string, { cpuCores: number; ramBytes: number }>;
export const usageKey = (namespace: string, pod: string, container: string) => `${namespace}/${pod}/${container}`;

const cores = (quantity: string | undefined) => (quantity ? cpuMillicores(quantity) / 1000 : 0);
const bytes = (quantity: string | undefined) => (quantity ? memoryBytes(quantity) : 0);
const appOf = (labels: Record<string, string> | undefined) => APP_LABELS.map(l => labels?.[l]).find(Boolean) ?? '';
/** A pod that holds node resources now: scheduled and neither finished nor failed. */
const isRunning = (pod: V1Pod) => !!pod.spec?.nodeName && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';

/** What one sampler run read from the cluster. */
export interface ClusterSnapshot {
  namespaces: V1Namespace[];
  pods: V1Pod[];
  claims: V1PersistentVolumeClaim[];
  nodes: V1Node[];
  usage: ContainerUsage;
}

/**
 * Every container of running pods in Slipway environments (a team's workload) and in the platform
 * namespaces (the shared line), with requests from the spec and usage from metrics; every bound
 * PVC there as a volume row of the app of the pod mounting it; and the nodes' capacity against all
 * pods' requests (any namespace) for the idle line. Pure: the sampler reads, this decides.
 */
export function observeCluster(snapshot: ClusterSnapshot, platformNamespaces: string[]): { observations: ResourceObservation[]; capacity: ClusterCapacity } {
  const owners = new Map<string, { line: 'workload' | 'shared'; team: string; environment: string; type: string }>();
  for (const ns of snapshot.namespaces) {
    const name = ns.metadata?.name ?? '';
    const environment = environmentFromNamespace(ns);
    if (environment) owners.set(name, { line: 'workload', team: environment.team, environment: environment.name, type: environment.type });
    else if (platformNamespaces.includes(name)) owners.set(name, { line: 'shared', team: '', environment: '', type: '' });
  }
  const observations: ResourceObservation[] = [];
  const capacity: ClusterCapacity = { cpuCores: 0, ramBytes: 0, requestedCpuCores: 0, requestedRamBytes: 0 };
  const claimApps = new Map<string, string>();
  for (const pod of snapshot.pods) {
    if (!isRunning(pod)) continue;
    const namespace = pod.metadata?.namespace ?? '';
    const name = pod.metadata?.name ?? '';
    const owner = owners.get(namespace);
    const app = appOf(pod.metadata?.labels);
    for (const container of pod.spec?.containers ?? []) {
      const cpuRequestCores = cores(container.resources?.requests?.cpu);
      const ramRequestBytes = bytes(container.resources?.requests?.memory);
      capacity.requestedCpuCores += cpuRequestCores;
      capacity.requestedRamBytes += ramRequestBytes;
      if (!owner) continue;
      const usage = snapshot.usage.get(usageKey(namespace, name, container.name));
      observations.push({
        ...owner,
        namespace,
        app,
        container: container.name,
        pod: name,
        cpuRequestCores,
        cpuUsageCores: usage?.cpuCores ?? 0,
        ramRequestBytes,
        ramUsageBytes: usage?.ramBytes ?? 0,
        storageBytes: 0,
      });
    }
    for (const volume of pod.spec?.volumes ?? []) {
      if (volume.persistentVolumeClaim) claimApps.set(`${namespace}/${volume.persistentVolumeClaim.claimName}`, app);
    }
  }
  for (const claim of snapshot.claims) {
    const namespace = claim.metadata?.namespace ?? '';
    const owner = owners.get(namespace);
    // Only a bound claim holds storage someone pays for.
    if (!owner || claim.status?.phase !== 'Bound') continue;
    const name = claim.metadata?.name ?? '';
    const storageBytes = bytes(claim.status?.capacity?.storage ?? claim.spec?.resources?.requests?.storage);
    observations.push({
      ...owner,
      namespace,
      app: claimApps.get(`${namespace}/${name}`) ?? appOf(claim.metadata?.labels),
      container: `pvc:${name}`,
      pod: '',
      cpuRequestCores: 0,
      cpuUsageCores: 0,
      ramRequestBytes: 0,
      ramUsageBytes: 0,
      storageBytes,
    });
  }
  for (const node of snapshot.nodes) {
    if (node.spec?.unschedulable) continue;
    capacity.cpuCores += cores(node.status?.capacity?.cpu);
    capacity.ramBytes += bytes(node.status?.capacity?.memory);
  }
  return { observations, capacity };
}
