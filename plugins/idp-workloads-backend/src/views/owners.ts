import { WorkloadRef } from '@internal/plugin-idp-workloads-common';
import type { V1Job, V1ObjectMeta, V1OwnerReference, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';

/**
 * Which workload owns each ReplicaSet and Job, keyed `ReplicaSet/<name>` or `Job/<name>`.
 * A pod names its ReplicaSet or Job, not the Deployment or CronJob above it; this map is the
 * second step, built once per namespace from the cache.
 */
export type OwnerLookup = ReadonlyMap<string, WorkloadRef>;

function controllerOf(metadata: V1ObjectMeta | undefined): V1OwnerReference | undefined {
  const refs = metadata?.ownerReferences ?? [];
  return refs.find(ref => ref.controller) ?? refs[0];
}

/** The owner lookup of one namespace's ReplicaSets and Jobs. */
export function ownerLookup(replicaSets: V1ReplicaSet[], jobs: V1Job[]): OwnerLookup {
  const lookup = new Map<string, WorkloadRef>();
  for (const replicaSet of replicaSets) {
    const owner = controllerOf(replicaSet.metadata);
    const name = replicaSet.metadata?.name;
    if (name && owner?.kind === 'Deployment') lookup.set(`ReplicaSet/${name}`, { kind: 'Deployment', name: owner.name });
  }
  for (const job of jobs) {
    const owner = controllerOf(job.metadata);
    const name = job.metadata?.name;
    if (!name) continue;
    lookup.set(`Job/${name}`, owner?.kind === 'CronJob' ? { kind: 'CronJob', name: owner.name } : { kind: 'Job', name });
  }
  return lookup;
}

// A Deployment names its ReplicaSets `<deployment>-<pod-template-hash>`; the hash has no dashes.
const REPLICA_SET_NAME = /^(.+)-[a-z0-9]+$/;

/**
 * The Deployment, CronJob or Job a pod belongs to. When the lookup does not know the ReplicaSet
 * yet (the cache sees the pod before its ReplicaSet), the Deployment is read off the name.
 */
export function workloadOfPod(pod: V1Pod, owners: OwnerLookup): WorkloadRef | undefined {
  const owner = controllerOf(pod.metadata);
  if (!owner) return undefined;
  const known = owners.get(`${owner.kind}/${owner.name}`);
  if (known) return known;
  if (owner.kind === 'ReplicaSet') {
    const match = REPLICA_SET_NAME.exec(owner.name);
    return match ? { kind: 'Deployment', name: match[1] } : undefined;
  }
  if (owner.kind === 'Job') return { kind: 'Job', name: owner.name };
  return undefined;
}

/** Whether a ReplicaSet's name is one a Deployment gives its ReplicaSets. */
export function isReplicaSetOf(replicaSetName: string, deploymentName: string): boolean {
  const prefix = `${deploymentName}-`;
  return replicaSetName.startsWith(prefix) && /^[a-z0-9]+$/.test(replicaSetName.slice(prefix.length));
}

/** Whether a Job's name is one a CronJob gives its runs: `<cronjob>-<scheduled minute>`. */
export function isJobOf(jobName: string, cronJobName: string): boolean {
  const prefix = `${cronJobName}-`;
  return jobName.startsWith(prefix) && /^\d+$/.test(jobName.slice(prefix.length));
}

/**
 * Whether an object (`Kind/name`) is part of a workload: the workload itself, its ReplicaSets or
 * Jobs (by the names Kubernetes gives them), or one of its pods.
 */
export function isPartOfWorkload(object: string, workload: WorkloadRef, podNames: ReadonlySet<string>): boolean {
  const slash = object.indexOf('/');
  const kind = object.slice(0, slash);
  const name = object.slice(slash + 1);
  if (kind === workload.kind && name === workload.name) return true;
  if (kind === 'Pod') return podNames.has(name);
  if (kind === 'ReplicaSet') return workload.kind === 'Deployment' && isReplicaSetOf(name, workload.name);
  if (kind === 'Job') return workload.kind === 'CronJob' && isJobOf(name, workload.name);
  return false;
}

/**
 * Pods grouped by their workload, each pod's workload looked up once: for a namespace's
 * workloads together, where filtering per workload would look every pod up once per workload.
 */
export function podsByWorkload(pods: V1Pod[], owners: OwnerLookup): (workload: WorkloadRef) => V1Pod[] {
  const groups = new Map<string, V1Pod[]>();
  for (const pod of pods) {
    const workload = workloadOfPod(pod, owners);
    if (!workload) continue;
    const key = `${workload.kind}/${workload.name}`;
    const group = groups.get(key);
    if (group) group.push(pod);
    else groups.set(key, [pod]);
  }
  return workload => groups.get(`${workload.kind}/${workload.name}`) ?? [];
}

/** The pods of one workload. */
export function podsOfWorkload(pods: V1Pod[], workload: WorkloadRef, owners: OwnerLookup): V1Pod[] {
  return pods.filter(pod => {
    const owner = workloadOfPod(pod, owners);
    return owner?.kind === workload.kind && owner.name === workload.name;
  });
}
