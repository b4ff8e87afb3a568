export { createBillingImportRouter } from './router';
export { BillingImportStore } from './BillingImportStore';
export { BillingImportService, MAX_UPLOAD_BYTES } from './BillingImportService';
export type { PricePeriodSink } from './PricePeriodSink';
