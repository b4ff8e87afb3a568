export { SecretStoreCard } from './SecretStoreCard';
