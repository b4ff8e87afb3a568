import { KubernetesManifest, cpuMillicores, memoryBytes } from '@internal/plugin-idp-environments-common';
import { ContainerRef, asFields, autoscalerOf, containersOf, podCount, podSpecs } from './workloads';

/** What one workload of the manifests reserves: per pod, and how many pods (an autoscaler's min..max). */
export interface WorkloadRequests {
  /** `Deployment/web` */
  object: string;
  /** Per pod, as the scheduler counts it: the containers' sum, or the largest init container when that is more. */
  perReplica: { cpuMillicores: number; memoryBytes: number };
  replicas: { min: number; max: number };
  /** Jobs and CronJobs hold their requests only while a run lasts: their cost is per run, not per month. */
  perRun: boolean;
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function requestOf(container: ContainerRef, parse: (q: string | number) => number, key: 'cpu' | 'memory'): number {
  const quantity = asFields(asFields(container.container.resources)?.requests)?.[key];
  if (typeof quantity !== 'string' && typeof quantity !== 'number') return 0;
  try {
    return parse(quantity);
  } catch {
    return 0; // a wrong quantity is the guard rails' to report; it costs nothing here
  }
}

function podRequest(containers: ContainerRef[], parse: (q: string | number) => number, key: 'cpu' | 'memory'): number {
  const running = containers.filter(c => !c.init && !c.path.includes('.ephemeralContainers[')).reduce((sum, c) => sum + requestOf(c, parse, key), 0);
  const init = Math.max(0, ...containers.filter(c => c.init).map(c => requestOf(c, parse, key)));
  return Math.max(running, init);
}

/**
 * What each workload among the manifests requests: CPU and memory per pod and the pod count —
 * replicas, or the HorizontalPodAutoscaler's minReplicas..maxReplicas when one scales it.
 * The cost of a choice is these requests at the price sheet's rates (idp-costs-common `monthlyCostRange`).
 */
export function requestedResources(manifests: KubernetesManifest[]): WorkloadRequests[] {
  return podSpecs(manifests).map(pod => {
    const containers = containersOf(pod);
    const perReplica = { cpuMillicores: podRequest(containers, cpuMillicores, 'cpu'), memoryBytes: podRequest(containers, memoryBytes, 'memory') };
    const perRun = pod.manifest.kind === 'Job' || pod.manifest.kind === 'CronJob';
    const pods = podCount(manifests, pod.manifest);
    const autoscaler = perRun ? undefined : autoscalerOf(manifests, pod.manifest);
    const maxReplicas = asFields(autoscaler?.spec)?.maxReplicas;
    return { object: pod.object, perReplica, replicas: { min: pods, max: isNumber(maxReplicas) ? Math.max(pods, maxReplicas) : pods }, perRun };
  });
}
