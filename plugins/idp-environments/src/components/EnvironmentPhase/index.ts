export { EnvironmentPhase } from './EnvironmentPhase';
