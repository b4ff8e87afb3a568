import { EnvironmentType } from './environmentTypes';
import { ENVIRONMENT_LABELS } from './labels';
import { KubernetesManifest } from './manifest';
import { ENVIRONMENT_OBJECT_NAMES } from './render';
import { isQuantity, parseQuantity } from './quantity';

/**
 * What a clone copies: workloads and their configuration. Secrets are not listed on purpose:
 * they are carried over as references (names), never as values.
 */
export const CLONED_KINDS: ReadonlyArray<{ apiVersion: string; kind: string }> = [
  { apiVersion: 'v1', kind: 'ConfigMap' },
  { apiVersion: 'v1', kind: 'ServiceAccount' },
  { apiVersion: 'v1', kind: 'Service' },
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  { apiVersion: 'batch/v1', kind: 'CronJob' },
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
];

/** An object read from the source environment (a KubernetesObject from the client fits). */
export interface ClonableObject {
  apiVersion: string;
  kind: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: unknown[];
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** What happened to one source object, for the clone report. */
export interface CloneResult {
  kind: string;
  name: string;
  action: 'copied' | 'adjusted' | 'skipped' | 'reference';
  reason?: string;
}

/** Most replicas a workload keeps when cloned into an environment of this type. */
export const CLONE_REPLICA_LIMITS: Record<EnvironmentType, number | undefined> = {
  development: 1,
  preview: 1,
  staging: 2,
  production: undefined,
};

/** Largest CPU and memory one container may have in the target (its type's default limits). */
export interface ContainerCeiling {
  cpu: string;
  memory: string;
}

function podSpecOf(copy: KubernetesManifest): Json | undefined {
  const spec = copy.spec as Json | undefined;
  if (copy.kind === 'CronJob') return spec?.jobTemplate?.spec?.template?.spec;
  if (copy.kind === 'Deployment' || copy.kind === 'StatefulSet') return spec?.template?.spec;
  return undefined;
}

// Unreadable quantities are left alone: the API server rejects them with its own message.
const exceeds = (value: string, max: string) => isQuantity(value) && isQuantity(max) && parseQuantity(value) > parseQuantity(max);

/** Lowers container limits (and requests above them) to the ceiling; says what changed. */
function fitResources(copy: KubernetesManifest, ceiling: ContainerCeiling): string[] {
  const changes: string[] = [];
  for (const container of [...(podSpecOf(copy)?.initContainers ?? []), ...(podSpecOf(copy)?.containers ?? [])]) {
    for (const resource of ['cpu', 'memory'] as const) {
      const max = ceiling[resource];
      const resources = (container.resources ??= {});
      const limit = resources.limits?.[resource];
      if (limit !== undefined && exceeds(limit, max)) {
        changes.push(`${container.name} limits.${resource} ${limit} → ${max}`);
        resources.limits[resource] = max;
      }
      const request = resources.requests?.[resource];
      const cap = resources.limits?.[resource] ?? max;
      if (request !== undefined && exceeds(request, cap)) {
        changes.push(`${container.name} requests.${resource} ${request} → ${cap}`);
        resources.requests[resource] = cap;
      }
    }
  }
  return changes;
}

/** Caps replicas, autoscaling bounds and disruption budgets to the target type; says what changed. */
function fitToType(copy: KubernetesManifest, type: EnvironmentType, ceiling?: ContainerCeiling): string[] {
  const changes: string[] = ceiling ? fitResources(copy, ceiling) : [];
  const limit = CLONE_REPLICA_LIMITS[type];
  const spec = copy.spec as Json | undefined;
  if (limit === undefined || !spec) return changes;
  if ((copy.kind === 'Deployment' || copy.kind === 'StatefulSet') && (spec.replicas ?? 1) > limit) {
    changes.push(`replicas ${spec.replicas} → ${limit} (${type} limit)`);
    spec.replicas = limit;
  }
  if (copy.kind === 'HorizontalPodAutoscaler') {
    if ((spec.minReplicas ?? 1) > limit) {
      changes.push(`minReplicas ${spec.minReplicas} → ${limit}`);
      spec.minReplicas = limit;
    }
    if (spec.maxReplicas > limit) {
      changes.push(`maxReplicas ${spec.maxReplicas} → ${limit}`);
      spec.maxReplicas = limit;
    }
  }
  // A budget that keeps every replica would block node drains in the smaller environment.
  if (copy.kind === 'PodDisruptionBudget' && typeof spec.minAvailable === 'number' && spec.minAvailable >= limit) {
    const minAvailable = Math.max(limit - 1, 0);
    changes.push(`minAvailable ${spec.minAvailable} → ${minAvailable}`);
    spec.minAvailable = minAvailable;
  }
  return changes;
}

export interface ClonePlan {
  /** Objects to apply in the new environment, in order. */
  objects: KubernetesManifest[];
  results: CloneResult[];
}

/** Annotations that describe the source object's history, not its desired state. */
const HISTORY_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision'];

/** Objects the environment itself brings, by kind. */
const ENVIRONMENT_OWNED: Record<string, string[]> = {
  NetworkPolicy: [ENVIRONMENT_OBJECT_NAMES.defaultDeny, ENVIRONMENT_OBJECT_NAMES.allowFromIngress, ENVIRONMENT_OBJECT_NAMES.allowSameNamespace],
  ServiceAccount: ['default'],
  ConfigMap: ['kube-root-ca.crt'],
};

type Json = Record<string, any>;

/** Secret names a pod spec refers to: env, envFrom, volumes and image pull secrets. */
function secretNamesOfPodSpec(spec: Json | undefined): string[] {
  if (!spec) return [];
  const names: string[] = [];
  for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    for (const env of container.env ?? []) if (env.valueFrom?.secretKeyRef?.name) names.push(env.valueFrom.secretKeyRef.name);
    for (const from of container.envFrom ?? []) if (from.secretRef?.name) names.push(from.secretRef.name);
  }
  for (const volume of spec.volumes ?? []) {
    if (volume.secret?.secretName) names.push(volume.secret.secretName);
    for (const source of volume.projected?.sources ?? []) if (source.secret?.name) names.push(source.secret.name);
  }
  for (const pull of spec.imagePullSecrets ?? []) if (pull.name) names.push(pull.name);
  return names;
}

function secretNamesOf(object: ClonableObject): string[] {
  const spec = object.spec as Json | undefined;
  if (object.kind === 'CronJob') return secretNamesOfPodSpec(spec?.jobTemplate?.spec?.template?.spec);
  if (object.kind === 'ServiceAccount') return ((object.imagePullSecrets as Json[] | undefined) ?? []).map(s => s.name).filter(Boolean);
  return secretNamesOfPodSpec(spec?.template?.spec);
}

/** The object as it should be applied in the target: desired state only, no server-set fields. */
function retarget(object: ClonableObject, target: { namespace: string; environment: string; type: EnvironmentType }): KubernetesManifest {
  const { metadata = {}, status: _status, ...rest } = object;
  const labels = { ...(metadata.labels ?? {}) };
  if (labels[ENVIRONMENT_LABELS.environment] !== undefined) labels[ENVIRONMENT_LABELS.environment] = target.environment;
  if (labels[ENVIRONMENT_LABELS.type] !== undefined) labels[ENVIRONMENT_LABELS.type] = target.type;
  const annotations = Object.fromEntries(Object.entries(metadata.annotations ?? {}).filter(([key]) => !HISTORY_ANNOTATIONS.includes(key)));
  const copy: KubernetesManifest = {
    ...rest,
    metadata: { name: metadata.name!, namespace: target.namespace, labels },
  };
  if (Object.keys(annotations).length > 0) copy.metadata.annotations = annotations;
  if (object.kind === 'Service' && object.spec) {
    // Cluster IPs and node ports belong to the source Service; the new one gets its own.
    const { clusterIP, clusterIPs, healthCheckNodePort: _h, ...spec } = object.spec as Json;
    const ports = (spec.ports as Json[] | undefined)?.map(({ nodePort: _n, ...port }) => port);
    copy.spec = { ...spec, ...(ports ? { ports } : {}), ...(clusterIP === 'None' ? { clusterIP, clusterIPs } : {}) };
  }
  return copy;
}

/**
 * Plans a clone: the source's objects re-addressed to the target namespace, in CLONED_KINDS
 * order, with replicas fitted to the target type, plus one 'reference' result per Secret the
 * workloads use, to be filled in by hand.
 */
export function planClone(
  sources: ClonableObject[],
  target: { namespace: string; environment: string; type: EnvironmentType; containerCeiling?: ContainerCeiling },
): ClonePlan {
  const order = (kind: string) => {
    const index = CLONED_KINDS.findIndex(k => k.kind === kind);
    return index < 0 ? CLONED_KINDS.length : index;
  };
  const sorted = sources
    .map((object, index) => ({ object, index }))
    .sort((a, b) => order(a.object.kind) - order(b.object.kind) || a.index - b.index)
    .map(({ object }) => object);

  const objects: KubernetesManifest[] = [];
  const results: CloneResult[] = [];
  const secrets = new Set<string>();
  for (const object of sorted) {
    const name = object.metadata?.name ?? '';
    const skip = (reason: string) => results.push({ kind: object.kind, name, action: 'skipped', reason });
    if (!name) skip('It has no name');
    else if (!CLONED_KINDS.some(k => k.kind === object.kind)) skip(`Slipway does not clone ${object.kind} objects; recreate it if you need it`);
    else if (object.metadata?.ownerReferences?.length) skip('It is created by another object, which is cloned instead');
    // The new environment brings its own; not the user's objects, so not in the report either.
    else if (ENVIRONMENT_OWNED[object.kind]?.includes(name)) continue;
    else {
      const copy = JSON.parse(JSON.stringify(retarget(object, target))) as KubernetesManifest;
      const changes = fitToType(copy, target.type, target.containerCeiling);
      objects.push(copy);
      results.push(changes.length ? { kind: object.kind, name, action: 'adjusted', reason: changes.join('; ') } : { kind: object.kind, name, action: 'copied' });
      secretNamesOf(object).forEach(s => secrets.add(s));
    }
  }
  for (const secret of [...secrets].sort()) {
    results.push({
      kind: 'Secret',
      name: secret,
      action: 'reference',
      reason: `Secret values are never copied; set the keys of ${secret} in ${target.namespace} before the workloads that use it start`,
    });
  }
  return { objects, results };
}
