export { RequestMetrics } from './RequestMetrics';
export type { RequestMetricsProps } from './RequestMetrics';
