export { UsageChart, usageSummary } from './UsageChart';
export type { UsageChartProps } from './UsageChart';
