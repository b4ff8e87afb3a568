export { DeployRequestPage } from './DeployRequestPage';
