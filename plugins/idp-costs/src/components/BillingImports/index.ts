export { BillingImports } from './BillingImports';
