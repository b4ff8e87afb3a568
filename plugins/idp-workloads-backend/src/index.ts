/**
 * Slipway workloads backend: status, logs, events, metrics and actions for every environment.
 *
 * @packageDocumentation
 */
export { workloadsPlugin as default } from './plugin';
export type { EnvironmentMetrics, EnvironmentStatus, EnvironmentStatusSummary, WorkloadMetrics } from './services/EnvironmentViews';
