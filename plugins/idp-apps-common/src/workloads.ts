import type { KubernetesManifest } from '@internal/plugin-idp-environments-common';

/** Reads of untrusted (expert-edited) YAML: anything may be missing or of the wrong type. */
export type Fields = Record<string, unknown>;
export const asFields = (value: unknown): Fields | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : undefined;
export const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Where each workload kind keeps its pod spec. */
const POD_SPEC_PATHS: Record<string, string[]> = {
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  Pod: ['spec'],
};

// Their dotted form, e.g. `spec.template.spec`, computed once: every guard rail asks for the pod specs.
const DOTTED_POD_SPEC_PATHS = new Map(Object.values(POD_SPEC_PATHS).map(path => [path, path.join('.')]));

/** Where a workload kind keeps its pod spec, e.g. ['spec', 'template', 'spec']; undefined for other kinds. */
export const podSpecPath = (kind: string): string[] | undefined => POD_SPEC_PATHS[kind];

/** `Deployment/web`: how a violation names the object. */
export function objectName(manifest: KubernetesManifest): string {
  const name = asFields(manifest.metadata)?.name;
  return `${manifest.kind}/${typeof name === 'string' && name ? name : '(unnamed)'}`;
}

export interface PodSpecRef {
  manifest: KubernetesManifest;
  object: string;
  /** e.g. `spec.template.spec` */
  path: string;
  spec: Fields;
}

export interface ContainerRef {
  /** e.g. `spec.template.spec.containers[0]` */
  path: string;
  container: Fields;
  /** Init containers count differently towards a pod's requests. */
  init: boolean;
}

// evaluateGuardRails runs every rule over the same manifests and most start from their pod specs
// and containers: within one evaluation they are found once and shared (the rules only read them).
let evaluation: { manifests: KubernetesManifest[]; pods?: PodSpecRef[]; containers: Map<PodSpecRef, ContainerRef[]> } | undefined;

/** Runs `judge` with podSpecs and containersOf of these manifests remembered; they must not change meanwhile. */
export function withSharedPodSpecs<T>(manifests: KubernetesManifest[], judge: () => T): T {
  const outer = evaluation;
  evaluation = { manifests, containers: new Map() };
  try {
    return judge();
  } finally {
    evaluation = outer;
  }
}

/** The pod spec of every workload among the manifests (Deployments, CronJobs, Jobs, Pods…). */
export function podSpecs(manifests: KubernetesManifest[]): PodSpecRef[] {
  if (evaluation?.manifests !== manifests) return findPodSpecs(manifests);
  evaluation.pods ??= findPodSpecs(manifests);
  return evaluation.pods;
}

function findPodSpecs(manifests: KubernetesManifest[]): PodSpecRef[] {
  return manifests.flatMap(manifest => {
    const path = POD_SPEC_PATHS[manifest.kind];
    if (!path) return [];
    let node: unknown = manifest;
    for (const key of path) node = asFields(node)?.[key];
    return [{ manifest, object: objectName(manifest), path: DOTTED_POD_SPEC_PATHS.get(path) ?? path.join('.'), spec: asFields(node) ?? {} }];
  });
}

/** Every container of a pod, init and ephemeral ones included: all of them run code. */
export function containersOf(pod: PodSpecRef): ContainerRef[] {
  const shared = evaluation?.containers;
  if (!shared) return findContainers(pod);
  let containers = shared.get(pod);
  if (!containers) {
    containers = findContainers(pod);
    shared.set(pod, containers);
  }
  return containers;
}

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

function findContainers(pod: PodSpecRef): ContainerRef[] {
  return CONTAINER_LISTS.flatMap(list =>
    asList(pod.spec[list]).map((container, index) => ({
      path: `${pod.path}.${list}[${index}]`,
      container: asFields(container) ?? {},
      init: list === 'initContainers',
    })),
  );
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** The HorizontalPodAutoscaler that scales a workload, if one is among the manifests. */
export function autoscalerOf(manifests: KubernetesManifest[], workload: KubernetesManifest): KubernetesManifest | undefined {
  const name = asFields(workload.metadata)?.name;
  return manifests.find(manifest => {
    if (manifest.kind !== 'HorizontalPodAutoscaler') return false;
    const target = asFields(asFields(manifest.spec)?.scaleTargetRef);
    return target?.kind === workload.kind && target?.name === name;
  });
}

/** Pods a workload runs once rolled out: the larger of its replicas and its autoscaler's minimum. */
export function podCount(manifests: KubernetesManifest[], workload: KubernetesManifest): number {
  const spec = asFields(workload.spec);
  switch (workload.kind) {
    case 'Pod':
      return 1;
    case 'Job':
      return isNumber(spec?.parallelism) ? (spec!.parallelism as number) : 1;
    case 'CronJob': {
      const parallelism = asFields(asFields(spec?.jobTemplate)?.spec)?.parallelism;
      return isNumber(parallelism) ? parallelism : 1;
    }
    case 'DaemonSet':
      return 1; // one per node, and the node count is not known here
    default: {
      const replicas = isNumber(spec?.replicas) ? (spec!.replicas as number) : undefined;
      const autoscaler = autoscalerOf(manifests, workload);
      if (!autoscaler) return replicas ?? 1; // Kubernetes' default
      const minReplicas = asFields(autoscaler.spec)?.minReplicas;
      return Math.max(replicas ?? 0, isNumber(minReplicas) ? minReplicas : 1);
    }
  }
}
