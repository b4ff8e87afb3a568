/**
 * What the workloads pages show, and nothing more: the backend turns its watch-fed cache of
 * Kubernetes objects into these, so the browser never receives (or depends on) raw objects.
 * Times are ISO 8601 strings; the browser computes ages with its own clock.
 */

/** The workload kinds Slipway's golden path renders (a Job is usually a CronJob's run). */
export const WORKLOAD_KINDS = ['Deployment', 'CronJob', 'Job'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/** A workload by kind and name, e.g. `{ kind: 'Deployment', name: 'web' }`. */
export interface WorkloadRef {
  kind: WorkloadKind;
  name: string;
}

/**
 * - complete: everything asked for runs (Deployment), the last run succeeded (CronJob), the Job finished
 * - progressing: a rollout or run is under way
 * - failed: the rollout missed its deadline, the last run or the Job failed
 * - paused: a Deployment whose rollout was paused
 * - suspended: a CronJob or Job that does not run until resumed
 */
export const ROLLOUT_STATES = ['complete', 'progressing', 'failed', 'paused', 'suspended'] as const;
export type RolloutState = (typeof ROLLOUT_STATES)[number];

/** The things that go wrong often enough to deserve their own words. */
export const PROBLEM_REASONS = [
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'OOMKilled',
  'CreateContainerConfigError',
  'ProbeFailing',
  'QuotaExceeded',
  'Unschedulable',
  'Evicted',
  'ProgressDeadlineExceeded',
  'ReplicaFailure',
  'JobFailed',
] as const;
export type ProblemReason = (typeof PROBLEM_REASONS)[number];

/** Something wrong, in plain words: what is wrong and what to do about it. */
export interface Problem {
  reason: ProblemReason;
  /** One or two sentences for a developer: what is wrong; what to do. */
  message: string;
  /** The object it is about, `Kind/name`, e.g. `Pod/web-7d9f8b6c5-x2kqp`. */
  object: string;
  /** The container it is about, when it is about one. */
  container?: string;
  /** Kubernetes' own words, for those who want them. */
  detail?: string;
  /** When it was last seen, if Kubernetes says. */
  seenAt?: string;
}

/** One Deployment, CronJob or Job of an environment. */
export interface WorkloadView {
  kind: WorkloadKind;
  name: string;
  namespace: string;
  /** The `slipway.dev/app` label: the app the workload belongs to. */
  app?: string;
  /**
   * Deployment: replicas asked for, and how many are ready, of the current template, available.
   * Job: completions asked for; CronJob: Jobs running now. For both, ready, updated and available
   * are the pods running and ready (a run has no older template to replace).
   */
  desired: number;
  ready: number;
  updated: number;
  available: number;
  rollout: RolloutState;
  /** The images of the pod template's containers, in order. */
  images: string[];
  problems: Problem[];
  createdAt?: string;
  /** CronJob: its cron expression and when it last started and last succeeded. */
  schedule?: string;
  lastSchedule?: string;
  lastSuccess?: string;
  /** Job: pods that succeeded and failed. */
  succeeded?: number;
  failed?: number;
}

export type ContainerState = 'running' | 'waiting' | 'terminated' | 'unknown';

/** Requests or limits as Kubernetes writes them, e.g. `{ cpu: '250m', memory: '512Mi' }`. */
export interface ResourceQuantities {
  cpu?: string;
  memory?: string;
}

export interface ContainerView {
  name: string;
  image: string;
  ready: boolean;
  state: ContainerState;
  /** Why it waits or terminated, e.g. `CrashLoopBackOff`, `Completed`. */
  reason?: string;
  restarts: number;
  startedAt?: string;
  requests: ResourceQuantities;
  limits: ResourceQuantities;
}

/** One pod, with the workload it belongs to. */
export interface PodView {
  name: string;
  namespace: string;
  /** Resolved through the ReplicaSet or Job that owns the pod; absent for a bare pod. */
  workload?: WorkloadRef;
  /** The Kubernetes phase: Pending, Running, Succeeded, Failed, Unknown. */
  phase: string;
  /** What `kubectl get pods` shows as STATUS: a waiting reason, `Terminating`, or the phase. */
  status: string;
  /** Ready containers of all, e.g. `1/2`. */
  ready: string;
  restarts: number;
  node?: string;
  createdAt?: string;
  startedAt?: string;
  containers: ContainerView[];
  problems: Problem[];
}

/** One Kubernetes event, as the events tab lists it. */
export interface EventView {
  /** Stable key for lists: the event's uid (or name). */
  id: string;
  /** `Normal` or `Warning`. */
  type: string;
  reason: string;
  message: string;
  /** `Kind/name` of the object it is about. */
  object: string;
  count: number;
  firstSeen?: string;
  lastSeen?: string;
}
