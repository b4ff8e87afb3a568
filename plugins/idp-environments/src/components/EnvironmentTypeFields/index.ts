export { EnvironmentTypeFields } from './EnvironmentTypeFields';
