export { WorkloadHealth, useEnvironmentStatuses, type WorkloadHealthProps } from './WorkloadHealth';
