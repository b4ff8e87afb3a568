export { EnvironmentSecrets, type EnvironmentSecretsProps } from './EnvironmentSecrets';
