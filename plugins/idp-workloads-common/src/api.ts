import { PodView, WorkloadRef, WorkloadView } from './views';

/*
 * The workloads backend's REST API, as both sides see it: what its routes accept and answer
 * (plugins/idp-workloads-backend/src/router.ts). Times are ISO 8601 strings.
 */

/** A list answer: `GET /environments`, `GET /environments/:namespace/events`, `GET /apps/:team/:app`. */
export interface ItemsResponse<T> {
  items: T[];
}

/** `GET /environments/:namespace`: one environment's workloads and pods, the detail page's status in one response. */
export interface EnvironmentStatus {
  namespace: string;
  workloads: WorkloadView[];
  pods: PodView[];
}

/** A line of `GET /environments`, the environment list: counts only. */
export interface EnvironmentStatusSummary {
  namespace: string;
  workloads: number;
  /** Workloads whose rollout is complete. */
  healthy: number;
  pods: number;
  restarts: number;
  problems: number;
}

/** CPU in millicores and memory in bytes. */
export interface ResourceAmounts {
  cpuMillicores: number;
  memoryBytes: number;
}

/** What pods asked for and may use at most; a limit is absent when some container has none (no ceiling). */
export interface RequestsAndLimits {
  requests: ResourceAmounts;
  limits: Partial<ResourceAmounts>;
}

/** Usage at one sample time; `pods` counts the pods summed (workload histories only). */
export interface UsagePoint {
  time: string;
  cpuMillicores: number;
  memoryBytes: number;
  pods?: number;
}

/** A usage series with the current requests and limits, for "usage against requests and limits". */
export interface UsageHistory extends Partial<RequestsAndLimits> {
  intervalMs: number;
  windowMs: number;
  points: UsagePoint[];
}

export interface WorkloadMetrics {
  workload: WorkloadRef;
  usage: UsageHistory;
}

export interface PodMetrics {
  pod: string;
  workload?: WorkloadRef;
  usage: UsageHistory;
}

/** Whether request metrics can be had: the Prometheus address, or what to set to get them. */
export interface PrometheusStatus {
  configured: boolean;
  url?: string;
  hint?: string;
}

/** `GET /environments/:namespace/metrics`: the last hour of CPU and memory use per workload and pod. */
export interface EnvironmentMetrics {
  namespace: string;
  /** How often usage is sampled, and how far back the history goes. */
  intervalMs: number;
  windowMs: number;
  workloads: WorkloadMetrics[];
  pods: PodMetrics[];
  prometheus: PrometheusStatus;
}

/** One value at one time. */
export interface RedPoint {
  time: string;
  value: number;
}

/** What the panel shows for one workload over the window. */
export interface WorkloadRed {
  workload: WorkloadRef;
  requestsPerSecond: RedPoint[];
  /** Failed requests as a percentage of all requests, where there were requests. */
  errorPercent: RedPoint[];
  latencyP95Ms: RedPoint[];
}

/** `GET /environments/:namespace/red`: an environment's request rate, errors and latency ("RED") series, for the metrics tab. */
export interface EnvironmentRed {
  namespace: string;
  windowMs: number;
  stepMs: number;
  workloads: WorkloadRed[];
}

/** One line of a container's log; `time` is the kubelet's timestamp when it was asked for one. */
export interface LogLine {
  time?: string;
  text: string;
}

/**
 * The last NDJSON line of a follow: why it ended. `max-duration`: a follow lasts at most
 * `slipway.workloads.logs.follow.maxMinutes`; the page follows again from its last line's time.
 */
export interface LogFollowEnd {
  end: 'max-duration' | 'stream-ended';
}

/** Most lines one log request may ask for: enough to debug, small enough for a page. */
export const MAX_LOG_TAIL_LINES = 5000;
export const DEFAULT_LOG_TAIL_LINES = 200;

/**
 * What to read of a pod's log, as the query of `GET /environments/:namespace/logs`; the backend's
 * defaults apply to what is left out. With `follow=true` the answer streams LogLines as NDJSON.
 */
export interface LogRequest {
  pod: string;
  /** Absent: the pod's only (or first) container. */
  container?: string;
  tailLines?: number;
  /** The container's previous run: what a crashed container wrote before it died. */
  previous?: boolean;
  /** Only lines containing this text, ignoring case. */
  search?: string;
  /** Only lines from this time on (RFC 3339, UTC): a follow that ended goes on from its last line. */
  sinceTime?: string;
}

/** `GET /environments/:namespace/logs`, not followed: the log's last lines. */
export interface PodLog {
  pod: string;
  lines: LogLine[];
}

/** The body of `POST /environments/:namespace/deployments/:name/scale`. */
export interface ScaleDeploymentRequest {
  replicas: number;
}

/** A line of `GET /apps/:team/:app`: one environment of an app's team that runs the app. */
export interface AppEnvironmentWorkloads {
  environment: { namespace: string; name: string; type: string };
  workloads: WorkloadView[];
  pods: PodView[];
}
