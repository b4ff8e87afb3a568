import type { LogLine, PodView, UsageHistory, WorkloadRef, WorkloadView } from '@internal/plugin-idp-workloads-common';

/*
 * The backend's response shapes (plugins/idp-workloads-backend: router.ts, EnvironmentViews.ts),
 * copied rather than imported: a frontend package does not depend on a backend one.
 */

/** One environment's workloads and pods. */
export interface EnvironmentStatus {
  namespace: string;
  workloads: WorkloadView[];
  pods: PodView[];
}

/** A line of the environment list: counts only. */
export interface EnvironmentStatusSummary {
  namespace: string;
  workloads: number;
  /** Workloads whose rollout is complete. */
  healthy: number;
  pods: number;
  restarts: number;
  problems: number;
}

export interface EnvironmentMetrics {
  namespace: string;
  /** How often usage is sampled, and how far back the history goes. */
  intervalMs: number;
  windowMs: number;
  workloads: Array<{ workload: WorkloadRef; usage: UsageHistory }>;
  pods: Array<{ pod: string; workload?: WorkloadRef; usage: UsageHistory }>;
  prometheus: { configured: boolean; url?: string; hint?: string };
}

/** What to read of a pod's log; the backend's defaults apply to what is left out. */
export interface LogRequest {
  pod: string;
  container?: string;
  tailLines?: number;
  /** The container's previous run: what a crashed container wrote before it died. */
  previous?: boolean;
  /** Only lines containing this text, ignoring case. */
  search?: string;
}

export interface PodLog {
  pod: string;
  lines: LogLine[];
}

/** One environment of an app's team that runs the app. */
export interface AppEnvironmentWorkloads {
  environment: { namespace: string; name: string; type: string };
  workloads: WorkloadView[];
  pods: PodView[];
}
