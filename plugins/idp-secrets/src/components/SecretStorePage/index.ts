export { SecretStorePage } from './SecretStorePage';
