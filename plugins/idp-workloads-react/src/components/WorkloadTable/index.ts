export { WorkloadTable } from './WorkloadTable';
export type { WorkloadTableProps } from './WorkloadTable';
