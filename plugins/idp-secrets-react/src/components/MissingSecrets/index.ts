export { MissingSecrets, type MissingSecretsProps } from './MissingSecrets';
