export { EnvironmentTypesTable } from './EnvironmentTypesTable';
