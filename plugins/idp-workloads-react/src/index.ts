/**
 * Slipway workloads UI for other plugins: an environment's workloads, pods, events, logs and
 * metrics (`EnvironmentWorkloads`), an app's workloads across its team's environments
 * (`AppWorkloads`), and the `WorkloadsApi` they call. The API's requests and answers are typed in
 * @internal/plugin-idp-workloads-common.
 *
 * @packageDocumentation
 */
export { workloadsApiRef, type WorkloadsApi } from './api/WorkloadsApi';
export { WorkloadsClient } from './api/WorkloadsClient';
export { EnvironmentWorkloads, type EnvironmentWorkloadsProps } from './components/EnvironmentWorkloads';
export { AppWorkloads, type AppWorkloadsProps } from './components/AppWorkloads';
export { WorkloadHealth, useEnvironmentStatuses, type WorkloadHealthProps } from './components/WorkloadHealth';
export { RequestMetrics, type RequestMetricsProps } from './components/RequestMetrics';
