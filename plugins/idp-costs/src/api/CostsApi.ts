import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  AppCostView,
  BillingExportFormat,
  BillingImportView,
  ChargebackMonthsView,
  ChargebackReport,
  EnvironmentRunRatesView,
  PlatformShowbackView,
  PriceSheetView,
  ShowbackGrouping,
  TeamShowbackView,
} from '@internal/plugin-idp-costs-common';

/** A window of days (`YYYY-MM-DD`, UTC); the backend's default (the last 30 days) when left out. */
export interface CostWindow {
  from?: string;
  to?: string;
}

/** The costs backend (`/api/idp-costs`, `plugins/idp-costs-common/src/api.ts`), as the frontend sees it. Failures reject with a `ResponseError`. */
export interface CostsApi {
  /** Today's prices and every price period (an older backend's plain sheet comes back as a view without periods). */
  getPriceSheet(): Promise<PriceSheetView>;
  getTeamShowback(team: string, options?: CostWindow & { by?: ShowbackGrouping }): Promise<TeamShowbackView>;
  /** Every team with the idle and shared lines; platform admins only. */
  getPlatformShowback(options?: CostWindow): Promise<PlatformShowbackView>;
  getAppCost(team: string, app: string, days?: number): Promise<AppCostView>;
  getEnvironmentRunRates(): Promise<EnvironmentRunRatesView>;
  listChargebackMonths(team: string): Promise<ChargebackMonthsView>;
  getChargeback(team: string, month: string): Promise<ChargebackReport>;
  /** The month's report as the backend writes it for spreadsheets (`?format=csv`). */
  getChargebackCsv(team: string, month: string): Promise<Blob>;
  listBillingImports(): Promise<BillingImportView[]>;
  /** Reads a billing export into rates; nothing is applied until `applyBillingImport`. */
  importBillingExport(format: BillingExportFormat, file: Blob, fileName: string): Promise<BillingImportView>;
  /** Makes an import's rates a price period from `effectiveFrom` (`YYYY-MM-DD`). */
  applyBillingImport(id: string, effectiveFrom: string): Promise<BillingImportView>;
}

export const costsApiRef = createApiRef<CostsApi>().with({ id: 'plugin.idp-costs.api' });
