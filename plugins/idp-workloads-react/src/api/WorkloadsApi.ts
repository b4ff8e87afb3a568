import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  AppEnvironmentWorkloads,
  EnvironmentMetrics,
  EnvironmentRed,
  EnvironmentStatus,
  EnvironmentStatusSummary,
  EventView,
  LogFollowEnd,
  LogLine,
  LogRequest,
  PodLog,
} from '@internal/plugin-idp-workloads-common';

/** The workloads backend, as the frontend sees it. Failures reject with a `ResponseError`. */
export interface WorkloadsApi {
  /** Counts for every environment the caller may read. */
  listEnvironmentStatuses(): Promise<EnvironmentStatusSummary[]>;
  /** One environment's workloads and pods. */
  getEnvironmentStatus(namespace: string): Promise<EnvironmentStatus>;
  /** Newest first; `object` (`Kind/name`) narrows them to one object. */
  listEvents(namespace: string, options?: { object?: string }): Promise<EventView[]>;
  /** The last hour of CPU and memory use per workload and pod, with requests and limits. */
  getMetrics(namespace: string): Promise<EnvironmentMetrics>;
  /** The last hour of request rate, error percentage and p95 latency per Deployment, from Prometheus (when configured). */
  getRequestMetrics(namespace: string): Promise<EnvironmentRed>;
  /** The last lines of a container's log. */
  getLogs(namespace: string, request: LogRequest): Promise<PodLog>;
  /**
   * Streams the log's last lines, then new ones as they are written, to `onLine`, until `signal`
   * aborts (resolves) or the container stops (resolves). A refusal rejects with a `ResponseError`.
   */
  /** Streams new lines until the signal aborts or the stream ends; resolves with why the backend ended it, if it said. */
  followLogs(namespace: string, request: LogRequest, options: { onLine: (line: LogLine) => void; signal: AbortSignal }): Promise<LogFollowEnd | undefined>;
  scaleDeployment(namespace: string, name: string, replicas: number): Promise<void>;
  /** A rolling restart: new pods replace the old ones one by one. */
  restartDeployment(namespace: string, name: string): Promise<void>;
  deletePod(namespace: string, pod: string): Promise<void>;
  /** One app's workloads in each of its team's environments the caller may read. */
  getAppWorkloads(team: string, app: string): Promise<AppEnvironmentWorkloads[]>;
}

export const workloadsApiRef = createApiRef<WorkloadsApi>().with({ id: 'plugin.idp-workloads.api' });
