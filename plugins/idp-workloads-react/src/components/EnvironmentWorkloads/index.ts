export { EnvironmentWorkloads } from './EnvironmentWorkloads';
export type { EnvironmentWorkloadsProps } from './EnvironmentWorkloads';
