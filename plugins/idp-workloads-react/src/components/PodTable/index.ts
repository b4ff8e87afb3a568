export { PodTable } from './PodTable';
export type { PodTableProps } from './PodTable';
