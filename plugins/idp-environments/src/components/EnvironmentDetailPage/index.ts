export { EnvironmentDetailPage } from './EnvironmentDetailPage';
