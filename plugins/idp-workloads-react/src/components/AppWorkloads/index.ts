export { AppWorkloads } from './AppWorkloads';
export type { AppWorkloadsProps } from './AppWorkloads';
