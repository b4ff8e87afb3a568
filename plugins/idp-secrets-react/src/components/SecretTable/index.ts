export { SecretTable, type SecretTableProps, type SecretAction } from './SecretTable';
