export { DeployRequestStatusChip } from './DeployRequestStatusChip';
