export { DeployRequestTable } from './DeployRequestTable';
