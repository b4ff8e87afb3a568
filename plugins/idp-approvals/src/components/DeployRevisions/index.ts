export { DeployRevisions } from './DeployRevisions';
