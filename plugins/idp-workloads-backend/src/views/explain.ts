import { Problem } from '@internal/plugin-idp-workloads-common';
import type { CoreV1Event, V1Container, V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { eventCount, eventLastSeen } from './eventSummaries';
import { clip, problem, times } from './problems';
import { epochMs, isoTime } from './time';

// A pod's problems in plain words: what is wrong, then what to do. Workloads' own are in explainWorkload.ts.

const IMAGE_PULL_REASONS = new Set(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'ErrImageNeverPull']);
const CONFIG_REASONS = new Set(['CreateContainerConfigError', 'CreateContainerError']);

/** The problems of one container, from its status (and its spec, for the memory limit). */
export function explainContainer(podName: string, status: V1ContainerStatus, spec?: V1Container): Problem[] {
  const object = `Pod/${podName}`;
  const container = status.name;
  const waiting = status.state?.waiting;
  const last = status.lastState?.terminated;
  const current = status.state?.terminated;
  const oomKilled = [current, last].find(terminated => terminated?.reason === 'OOMKilled');
  if (oomKilled) {
    // Checked first: a container killed for memory then crash-loops, and the memory is the cause.
    const limit = spec?.resources?.limits?.memory;
    const restarted = status.restartCount > 0 ? ` (restarted ${times(status.restartCount)})` : '';
    const message = limit
      ? `Container ${container} used more memory than its limit ${limit} and was killed${restarted}; raise the limit or fix the leak`
      : `Container ${container} was killed for using more memory than the node could spare${restarted}; it has no memory limit: set a request and limit that fit its real use`;
    return [problem({ reason: 'OOMKilled', message, object, container, detail: oomKilled.message, seenAt: isoTime(oomKilled.finishedAt) })];
  }
  if (waiting?.reason === 'CrashLoopBackOff') {
    const restarted = `restarted ${times(status.restartCount)}`;
    let message: string;
    if (last?.exitCode === 0) {
      // Exit 0 in a crash loop: a one-off command where a long-running process is expected.
      message = `Container ${container} keeps stopping (${restarted}): it exited with code 0, but it must keep running; make its command start a process that stays up`;
    } else {
      const exit = last ? `it exited with code ${last.exitCode}${last.reason && last.reason !== 'Error' ? ` (${last.reason})` : ''}` : 'it exits soon after starting';
      message = `Container ${container} keeps crashing (${restarted}): ${exit}; check its logs (previous container)`;
    }
    return [
      problem({ reason: 'CrashLoopBackOff', message, object, container, detail: last?.message ?? waiting.message, seenAt: isoTime(last?.finishedAt) }),
    ];
  }
  if (waiting?.reason && IMAGE_PULL_REASONS.has(waiting.reason)) {
    const image = spec?.image ?? status.image;
    return [
      problem({
        reason: 'ImagePullBackOff',
        message: `Kubernetes cannot pull image ${image} for container ${container}: check the tag exists and the registry is allowed`,
        object,
        container,
        detail: waiting.message,
      }),
    ];
  }
  if (waiting?.reason && CONFIG_REASONS.has(waiting.reason)) {
    const cause = waiting.message ? `: ${waiting.message}` : '';
    return [
      problem({
        reason: 'CreateContainerConfigError',
        message: `Container ${container} cannot start${cause}; create the missing secret or config in this environment, or fix the reference in the app spec`,
        object,
        container,
        detail: waiting.message,
      }),
    ];
  }
  return [];
}

function condition(pod: V1Pod, type: string) {
  return pod.status?.conditions?.find(c => c.type === type);
}

/** Plain words for the scheduler's `0/3 nodes are available: 3 Insufficient cpu.` */
function schedulingCause(message: string): string {
  const causes: string[] = [];
  if (/Insufficient cpu/i.test(message)) causes.push('not enough free CPU');
  if (/Insufficient memory/i.test(message)) causes.push('not enough free memory');
  if (/node affinity|node selector/i.test(message)) causes.push('no node matches its node selector');
  if (/untolerated taint/i.test(message)) causes.push('the nodes have taints it does not tolerate');
  if (/persistentvolumeclaim/i.test(message)) causes.push('its volume is not available');
  return causes.length > 0 ? causes.join(', ') : 'no node has room for it';
}

const PROBE_EFFECTS: Record<string, { name: string; effect: string; fix: string }> = {
  Readiness: {
    name: 'readiness',
    effect: 'so it receives no traffic',
    fix: 'make sure the app answers on its readiness path and port, or give it more time to start',
  },
  Liveness: {
    name: 'liveness',
    effect: 'so Kubernetes restarts the container',
    fix: 'make sure the app answers on its liveness path and port, or give it more time to start',
  },
  Startup: {
    name: 'startup',
    effect: 'so the container is restarted before it ever starts',
    fix: 'give it more time to start (the startup probe) or find what slows it down',
  },
};

// `spec.containers{web}` is how an event names a container of its pod.
const containerOfEvent = (event: CoreV1Event) => /\{(.+)\}$/.exec(event.involvedObject.fieldPath ?? '')?.[1];

/** A Warning event of reason Unhealthy (`Readiness probe failed: ...`) as a ProbeFailing problem. */
export function explainProbeEvent(event: CoreV1Event): Problem | undefined {
  if (event.type !== 'Warning' || event.reason !== 'Unhealthy') return undefined;
  const match = /^(Readiness|Liveness|Startup) probe failed:?\s*(.*)$/s.exec(event.message ?? '');
  if (!match) return undefined;
  const probe = PROBE_EFFECTS[match[1]];
  const podName = event.involvedObject.name ?? '';
  const count = eventCount(event);
  const cause = clip(match[2]);
  return problem({
    reason: 'ProbeFailing',
    message: `The ${probe.name} probe of pod ${podName} fails${cause ? ` (${cause})` : ''}${count > 1 ? `, ${times(count)}` : ''}, ${probe.effect}; ${probe.fix}`,
    object: `Pod/${podName}`,
    container: containerOfEvent(event),
    detail: event.message,
    seenAt: eventLastSeen(event),
  });
}

/**
 * A pod's problems: its containers' states, scheduling, eviction, and failing probes. A probe
 * event outlives the failure by up to an hour (the API server's event TTL), so it counts only
 * while the pod is not ready, or when it came after the pod last became ready.
 */
export function explainPod(pod: V1Pod, events: CoreV1Event[] = []): Problem[] {
  const name = pod.metadata?.name ?? '';
  const object = `Pod/${name}`;
  const specs = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const problems = statuses.flatMap(status => explainContainer(name, status, specs.find(c => c.name === status.name)));

  const scheduled = condition(pod, 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    problems.push(
      problem({
        reason: 'Unschedulable',
        message: `Pod ${name} cannot be placed on any node (${schedulingCause(scheduled.message ?? '')}); lower its CPU or memory requests, or ask the platform team for more capacity`,
        object,
        detail: scheduled.message,
        seenAt: isoTime(scheduled.lastTransitionTime),
      }),
    );
  }

  if (pod.status?.reason === 'Evicted') {
    problems.push(
      problem({
        reason: 'Evicted',
        message: `Pod ${name} was evicted because its node ran short of resources; a new pod replaces it, and if it keeps happening set its memory request closer to what it really uses`,
        object,
        detail: pod.status.message,
      }),
    );
  }

  // Read only when a probe event is about this pod: most pods have none.
  let readySince: number | undefined | null = null;
  for (const event of events) {
    if (event.involvedObject.kind !== 'Pod' || event.involvedObject.name !== name) continue;
    const probe = explainProbeEvent(event);
    if (!probe) continue;
    if (readySince === null) {
      const ready = condition(pod, 'Ready');
      readySince = ready?.status === 'True' ? (epochMs(ready.lastTransitionTime) ?? Infinity) : undefined;
    }
    const seen = epochMs(probe.seenAt) ?? 0;
    if (readySince === undefined || seen > readySince) problems.push(probe);
  }
  return problems;
}

