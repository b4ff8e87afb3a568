export { EnvironmentExpiry } from './EnvironmentExpiry';
