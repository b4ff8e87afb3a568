export { EnvironmentTypesPage } from './EnvironmentTypesPage';
