export { PodLogs } from './PodLogs';
export type { PodLogsProps } from './PodLogs';
