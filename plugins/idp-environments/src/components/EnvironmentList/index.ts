export { EnvironmentList } from './EnvironmentList';
