export { WorkloadMetrics } from './WorkloadMetrics';
export type { WorkloadMetricsProps } from './WorkloadMetrics';
