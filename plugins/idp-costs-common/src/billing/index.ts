export { BillingExportError } from './BillingExportError';
export { readCsvRows, type ExportInput } from './csv';
export { type ParquetFile, parquetFileFromBytes } from './parquet';
export { CUR2, productAttributes } from './awsCur';
export { GCP_BILLING } from './gcpBilling';
export { OPENCOST_CPU_TO_RAM_RATIO, splitInstanceHour, type DerivedRates } from './rates';
export { readBillingExport } from './readBillingExport';
