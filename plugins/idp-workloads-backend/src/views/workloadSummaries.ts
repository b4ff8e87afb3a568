import { APP_LABELS } from '@internal/plugin-idp-apps-common';
import { Problem, RolloutState, WorkloadView } from '@internal/plugin-idp-workloads-common';
import type { CoreV1Event, V1CronJob, V1Deployment, V1Job, V1ObjectMeta, V1Pod, V1PodTemplateSpec } from '@kubernetes/client-node';
import { explainPod } from './explain';
import { explainCreateEvents, explainDeployment, explainJob } from './explainWorkload';
import { isJobOf, isReplicaSetOf } from './owners';
import { optional } from './optional';
import { DEFAULT_PROBLEM_LIMIT, mergeProblems } from './problems';
import { isoTime } from './time';

export interface SummaryOptions {
  /** Most problems listed per workload; DEFAULT_PROBLEM_LIMIT unless set. */
  problemLimit?: number;
}

function identity(metadata: V1ObjectMeta | undefined) {
  return {
    name: metadata?.name ?? '',
    namespace: metadata?.namespace ?? '',
    app: metadata?.labels?.[APP_LABELS.app],
  };
}

const imagesOf = (template: V1PodTemplateSpec | undefined) => (template?.spec?.containers ?? []).map(c => c.image ?? '');

const isRunningAndReady = (pod: V1Pod) =>
  pod.status?.phase === 'Running' && !pod.metadata?.deletionTimestamp && pod.status.conditions?.some(c => c.type === 'Ready' && c.status === 'True');

/** Problems of the workload's pods, one per reason and container: replicas failing alike say one thing. */
function workloadProblems(own: Problem[], pods: V1Pod[], events: CoreV1Event[], creates: Problem[], options: SummaryOptions): Problem[] {
  const ofPods = pods.flatMap(pod => explainPod(pod, events));
  return mergeProblems([...own, ...creates, ...ofPods], { acrossObjects: true, limit: options.problemLimit ?? DEFAULT_PROBLEM_LIMIT });
}

/** Rollout state as `kubectl rollout status` judges it. */
export function deploymentRollout(deployment: V1Deployment): RolloutState {
  if (deployment.spec?.paused) return 'paused';
  const status = deployment.status ?? {};
  const progressing = status.conditions?.find(c => c.type === 'Progressing');
  if (progressing?.status === 'False' && progressing.reason === 'ProgressDeadlineExceeded') return 'failed';
  const desired = deployment.spec?.replicas ?? 1;
  const updated = status.updatedReplicas ?? 0;
  if ((status.observedGeneration ?? 0) < (deployment.metadata?.generation ?? 0)) return 'progressing';
  if (updated < desired) return 'progressing';
  // Old replicas still terminating, or new ones not yet available.
  if ((status.replicas ?? 0) > updated) return 'progressing';
  if ((status.availableReplicas ?? 0) < updated) return 'progressing';
  return 'complete';
}

/**
 * A Deployment with the problems of its pods and ReplicaSets. `pods` are its pods; `events` may be
 * the whole namespace's. A refused pod creation (quota) only counts while replicas are missing:
 * the event stays for an hour after the quota has room again.
 */
export function workloadFromDeployment(deployment: V1Deployment, pods: V1Pod[], events: CoreV1Event[], options: SummaryOptions = {}): WorkloadView {
  const { name, namespace, app } = identity(deployment.metadata);
  const status = deployment.status ?? {};
  const rollout = deploymentRollout(deployment);
  const creates =
    rollout === 'complete' ? [] : explainCreateEvents(events, object => object.startsWith('ReplicaSet/') && isReplicaSetOf(object.slice('ReplicaSet/'.length), name));
  return {
    kind: 'Deployment',
    name,
    namespace,
    ...optional('app', app),
    desired: deployment.spec?.replicas ?? 1,
    ready: status.readyReplicas ?? 0,
    updated: status.updatedReplicas ?? 0,
    available: status.availableReplicas ?? 0,
    rollout,
    images: imagesOf(deployment.spec?.template),
    problems: workloadProblems(explainDeployment(deployment), pods, events, creates, options),
    ...optional('createdAt', isoTime(deployment.metadata?.creationTimestamp)),
  };
}

const jobCondition = (job: V1Job, type: 'Complete' | 'Failed') => job.status?.conditions?.some(c => c.type === type && c.status === 'True') ?? false;
const isFinished = (job: V1Job) => jobCondition(job, 'Complete') || jobCondition(job, 'Failed');

function jobRollout(job: V1Job): RolloutState {
  if (jobCondition(job, 'Failed')) return 'failed';
  if (jobCondition(job, 'Complete')) return 'complete';
  if (job.spec?.suspend) return 'suspended';
  return 'progressing';
}

/** A Job on its own (one a CronJob did not start, or one run of a CronJob). */
export function workloadFromJob(job: V1Job, pods: V1Pod[], events: CoreV1Event[], options: SummaryOptions = {}): WorkloadView {
  const { name, namespace, app } = identity(job.metadata);
  const ready = pods.filter(isRunningAndReady).length;
  const creates = isFinished(job) ? [] : explainCreateEvents(events, object => object === `Job/${name}`);
  return {
    kind: 'Job',
    name,
    namespace,
    ...optional('app', app),
    desired: job.spec?.completions ?? 1,
    ready,
    updated: ready,
    available: ready,
    rollout: jobRollout(job),
    images: imagesOf(job.spec?.template),
    problems: workloadProblems(explainJob(job), pods, events, creates, options),
    ...optional('createdAt', isoTime(job.metadata?.creationTimestamp)),
    succeeded: job.status?.succeeded ?? 0,
    failed: job.status?.failed ?? 0,
  };
}

const startOf = (job: V1Job) => isoTime(job.status?.startTime) ?? isoTime(job.metadata?.creationTimestamp) ?? '';

/**
 * A CronJob, judged by its newest finished run: an old failure followed by a success is history.
 * `jobs` may be all the namespace's Jobs; its own are picked by owner or by name.
 */
export function workloadFromCronJob(cronJob: V1CronJob, jobs: V1Job[], pods: V1Pod[], events: CoreV1Event[], options: SummaryOptions = {}): WorkloadView {
  const { name, namespace, app } = identity(cronJob.metadata);
  const own = jobs
    .filter(job => {
      const owner = job.metadata?.ownerReferences?.find(ref => ref.controller) ?? job.metadata?.ownerReferences?.[0];
      return owner ? owner.kind === 'CronJob' && owner.name === name : isJobOf(job.metadata?.name ?? '', name);
    })
    .sort((a, b) => startOf(b).localeCompare(startOf(a)));
  const running = own.filter(job => !isFinished(job));
  const lastFinished = own.find(isFinished);
  let rollout: RolloutState;
  if (cronJob.spec?.suspend) rollout = 'suspended';
  else if (running.length > 0) rollout = 'progressing';
  else if (lastFinished && jobCondition(lastFinished, 'Failed')) rollout = 'failed';
  else rollout = 'complete';
  const runningNames = new Set(running.map(job => `Job/${job.metadata?.name}`));
  const creates = explainCreateEvents(events, object => runningNames.has(object));
  // Pods of older runs (kept by the history limits) tell about runs that no longer matter.
  const current = new Set([...runningNames, `Job/${lastFinished?.metadata?.name}`]);
  const currentPods = pods.filter(pod => pod.metadata?.ownerReferences?.some(ref => ref.kind === 'Job' && current.has(`Job/${ref.name}`)));
  const ready = currentPods.filter(isRunningAndReady).length;
  return {
    kind: 'CronJob',
    name,
    namespace,
    ...optional('app', app),
    desired: running.length,
    ready,
    updated: ready,
    available: ready,
    rollout,
    images: imagesOf(cronJob.spec?.jobTemplate?.spec?.template),
    problems: workloadProblems(lastFinished ? explainJob(lastFinished) : [], currentPods, events, creates, options),
    ...optional('createdAt', isoTime(cronJob.metadata?.creationTimestamp)),
    ...optional('schedule', cronJob.spec?.schedule),
    ...optional('lastSchedule', isoTime(cronJob.status?.lastScheduleTime)),
    ...optional('lastSuccess', isoTime(cronJob.status?.lastSuccessfulTime)),
  };
}
