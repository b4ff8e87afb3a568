import { ContainerState, ContainerView, PodView, ResourceQuantities } from '@internal/plugin-idp-workloads-common';
import type { CoreV1Event, V1Container, V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { explainPod } from './explain';
import { optional } from './optional';
import { OwnerLookup, workloadOfPod } from './owners';
import { DEFAULT_PROBLEM_LIMIT, mergeProblems } from './problems';
import { isoTime } from './time';

function quantities(values: Record<string, string> | undefined): ResourceQuantities {
  return { ...optional('cpu', values?.cpu), ...optional('memory', values?.memory) };
}

function containerView(spec: V1Container, status: V1ContainerStatus | undefined): ContainerView {
  const state = status?.state;
  const kind: ContainerState = (['running', 'waiting', 'terminated'] as const).find(k => state?.[k]) ?? 'unknown';
  return {
    name: spec.name,
    image: spec.image ?? status?.image ?? '',
    ready: status?.ready ?? false,
    state: kind,
    ...optional('reason', state?.waiting?.reason ?? state?.terminated?.reason),
    restarts: status?.restartCount ?? 0,
    ...optional('startedAt', isoTime(state?.running?.startedAt ?? state?.terminated?.startedAt)),
    requests: quantities(spec.resources?.requests),
    limits: quantities(spec.resources?.limits),
  };
}

/** What `kubectl get pods` shows as STATUS, simplified: the most telling reason, else the phase. */
export function podStatus(pod: V1Pod): string {
  if (pod.metadata?.deletionTimestamp) return 'Terminating';
  if (pod.status?.reason) return pod.status.reason;
  for (const init of pod.status?.initContainerStatuses ?? []) {
    const waiting = init.state?.waiting?.reason;
    if (waiting && waiting !== 'PodInitializing') return `Init:${waiting}`;
    const terminated = init.state?.terminated;
    if (terminated && terminated.exitCode !== 0) return `Init:${terminated.reason ?? 'Error'}`;
  }
  const statuses = pod.status?.containerStatuses ?? [];
  const waiting = statuses.find(s => s.state?.waiting?.reason)?.state?.waiting?.reason;
  if (waiting) return waiting;
  const terminated = statuses.find(s => s.state?.terminated?.reason)?.state?.terminated?.reason;
  if (terminated && pod.status?.phase !== 'Running') return terminated;
  return pod.status?.phase ?? 'Unknown';
}

/** Restarts of all the pod's containers, init containers included (the RESTARTS column). */
export function podRestarts(pod: V1Pod): number {
  return [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].reduce((sum, s) => sum + (s.restartCount ?? 0), 0);
}

/** A pod with its workload (through `owners`), containers and problems; `events` may be the namespace's. */
export function podView(pod: V1Pod, owners: OwnerLookup, events: CoreV1Event[] = [], options: { problemLimit?: number } = {}): PodView {
  const specs = pod.spec?.containers ?? [];
  const statuses = pod.status?.containerStatuses ?? [];
  const containers = specs.map(spec => containerView(spec, statuses.find(s => s.name === spec.name)));
  return {
    name: pod.metadata?.name ?? '',
    namespace: pod.metadata?.namespace ?? '',
    ...optional('workload', workloadOfPod(pod, owners)),
    phase: pod.status?.phase ?? 'Unknown',
    status: podStatus(pod),
    ready: `${containers.filter(c => c.ready).length}/${containers.length}`,
    restarts: podRestarts(pod),
    ...optional('node', pod.spec?.nodeName),
    ...optional('createdAt', isoTime(pod.metadata?.creationTimestamp)),
    ...optional('startedAt', isoTime(pod.status?.startTime)),
    containers,
    problems: mergeProblems(explainPod(pod, events), { limit: options.problemLimit ?? DEFAULT_PROBLEM_LIMIT }),
  };
}
