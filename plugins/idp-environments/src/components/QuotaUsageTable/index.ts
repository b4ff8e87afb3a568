export { QuotaUsageTable } from './QuotaUsageTable';
