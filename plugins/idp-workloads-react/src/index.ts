/**
 * Slipway workloads UI for other plugins: an environment's workloads, pods, events, logs and
 * metrics (`EnvironmentWorkloads`), an app's workloads across its team's environments
 * (`AppWorkloads`), and the `WorkloadsApi` they call.
 *
 * @packageDocumentation
 */
export { workloadsApiRef, type WorkloadsApi } from './api/WorkloadsApi';
export { WorkloadsClient } from './api/WorkloadsClient';
export type {
  AppEnvironmentWorkloads,
  EnvironmentMetrics,
  EnvironmentStatus,
  EnvironmentStatusSummary,
  LogRequest,
  PodLog,
} from './api/types';
export { EnvironmentWorkloads, type EnvironmentWorkloadsProps } from './components/EnvironmentWorkloads';
export { AppWorkloads, type AppWorkloadsProps } from './components/AppWorkloads';
export { WorkloadHealth, useEnvironmentStatuses, type WorkloadHealthProps } from './components/WorkloadHealth';
export { RequestMetrics, type RequestMetricsProps } from './components/RequestMetrics';
