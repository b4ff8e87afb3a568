import { SecretConsumer } from './api';

/** The part of a Kubernetes object this module reads; anything else is ignored. */
export interface WorkloadObject {
  kind: string;
  metadata?: { name?: string; ownerReferences?: unknown[] };
  spec?: any;
}

/** One place a pod spec reads a secret: a key of it, or all of it (`key` undefined). */
export interface SecretUse {
  secret: string;
  key?: string;
  /** The container variable it fills, for messages. */
  variable?: string;
}

/** Where a workload kind keeps its pod spec. */
function podSpecOf(object: WorkloadObject): any {
  if (object.kind === 'CronJob') return object.spec?.jobTemplate?.spec?.template?.spec;
  if (object.kind === 'Pod') return object.spec;
  return object.spec?.template?.spec;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job', 'Pod']);

/** Every secret a pod spec reads: env, envFrom, secret and projected volumes (image pull secrets are not team secrets). */
export function secretUsesOfPodSpec(spec: any): SecretUse[] {
  if (!spec || typeof spec !== 'object') return [];
  const uses: SecretUse[] = [];
  const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  for (const container of containers) {
    for (const env of container?.env ?? []) {
      const ref = env?.valueFrom?.secretKeyRef;
      if (ref?.name && ref.key) uses.push({ secret: ref.name, key: ref.key, variable: env.name });
    }
    for (const from of container?.envFrom ?? []) if (from?.secretRef?.name) uses.push({ secret: from.secretRef.name });
  }
  for (const volume of spec.volumes ?? []) {
    if (volume?.secret?.secretName) {
      const items: Array<{ key?: string }> = volume.secret.items ?? [];
      if (items.length) items.forEach(item => item?.key && uses.push({ secret: volume.secret.secretName, key: item.key }));
      else uses.push({ secret: volume.secret.secretName });
    }
    for (const source of volume?.projected?.sources ?? []) {
      if (!source?.secret?.name) continue;
      const items: Array<{ key?: string }> = source.secret.items ?? [];
      if (items.length) items.forEach(item => item?.key && uses.push({ secret: source.secret.name, key: item.key }));
      else uses.push({ secret: source.secret.name });
    }
  }
  return uses;
}

/** The secrets a set of manifests reads (e.g. a deploy's), in manifest order. */
export function secretUsesOfManifests(manifests: WorkloadObject[]): SecretUse[] {
  return manifests.filter(m => WORKLOAD_KINDS.has(m.kind)).flatMap(m => secretUsesOfPodSpec(podSpecOf(m)));
}

/**
 * Which workloads read which secret, for the Secrets page: top-level workloads only (a CronJob's
 * Jobs and a Deployment's pods are that CronJob's and Deployment's use).
 */
export function consumersBySecret(workloads: WorkloadObject[]): Map<string, SecretConsumer[]> {
  const bySecret = new Map<string, SecretConsumer[]>();
  for (const workload of workloads) {
    if (!WORKLOAD_KINDS.has(workload.kind) || (workload.metadata?.ownerReferences ?? []).length > 0 || !workload.metadata?.name) continue;
    const keysBySecret = new Map<string, Set<string> | 'all'>();
    for (const use of secretUsesOfPodSpec(podSpecOf(workload))) {
      const known = keysBySecret.get(use.secret);
      if (use.key === undefined || known === 'all') keysBySecret.set(use.secret, 'all');
      else keysBySecret.set(use.secret, new Set([...(known ?? []), use.key]));
    }
    for (const [secret, keys] of keysBySecret) {
      const consumers = bySecret.get(secret) ?? [];
      consumers.push({ kind: workload.kind, name: workload.metadata.name, keys: keys === 'all' ? 'all' : [...keys].sort() });
      bySecret.set(secret, consumers);
    }
  }
  return bySecret;
}

/** Consumers of the given keys of a secret (all of its consumers when `keys` is undefined). */
export function consumersOfKeys(consumers: SecretConsumer[], keys?: string[]): SecretConsumer[] {
  if (!keys) return consumers;
  return consumers.filter(c => c.keys === 'all' || c.keys.some(k => keys.includes(k)));
}

/** `Deployment/web (DATABASE_URL), CronJob/report (every key)`. */
export function describeConsumers(consumers: SecretConsumer[]): string {
  return consumers.map(c => `${c.kind}/${c.name} (${c.keys === 'all' ? 'every key' : c.keys.join(', ')})`).join(', ');
}

export interface MissingSecretReference {
  secret: string;
  key?: string;
  variable?: string;
  message: string;
}

/**
 * The uses that name a secret or key the environment does not have, each with what to do.
 * `available` is the environment's secrets and their keys (names only).
 */
export function missingSecretReferences(uses: SecretUse[], available: Array<{ name: string; keys: string[] }>, namespace: string): MissingSecretReference[] {
  const keysOf = new Map(available.map(s => [s.name, new Set(s.keys)]));
  const missing: MissingSecretReference[] = [];
  const seen = new Set<string>();
  for (const use of uses) {
    const id = `${use.secret}/${use.key ?? ''}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const keys = keysOf.get(use.secret);
    if (!keys) {
      missing.push({ ...use, message: `secret/${use.secret}${use.key ? `/${use.key}` : ''}: ${namespace} has no secret ${use.secret}; create it on the environment's Secrets page first` });
    } else if (use.key !== undefined && !keys.has(use.key)) {
      missing.push({ ...use, message: `secret/${use.secret}/${use.key}: secret ${use.secret} in ${namespace} has no key ${use.key}; add it on the Secrets page (it has ${[...keys].sort().join(', ') || 'no keys'})` });
    }
  }
  return missing;
}
