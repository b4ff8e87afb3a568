import { PriceSheet } from './priceSheet';

/**
 * The REST API of `idp-costs` (`/api/idp-costs`), shared by the costs pages and the backend.
 * Money is in the price sheet's currency; days are UTC dates `YYYY-MM-DD`; months `YYYY-MM`.
 * Teams see their own teams' costs; platform admins everything (another team: 404).
 */

/** What one amount is made of. */
export interface CostBreakdown {
  cpu: number;
  ram: number;
  storage: number;
  total: number;
}

/** usage ÷ request over the window, 0..1+ (null when nothing was requested). */
export interface Efficiency {
  cpu: number | null;
  ram: number | null;
}

/** One day of a stacked series: the total per group (an environment's namespace, an app, a team, or `idle` / `shared`). */
export interface CostSeriesPoint {
  date: string;
  groups: Record<string, number>;
}

export type ShowbackGrouping = 'environment' | 'app';

/** `GET /teams/:team/showback?from&to&by=environment|app` (default: the last 30 days, by environment). */
export interface TeamShowbackView {
  team: string;
  currency: string;
  from: string;
  to: string;
  by: ShowbackGrouping;
  daily: CostSeriesPoint[];
  total: CostBreakdown;
  efficiency: Efficiency;
  /** The most expensive apps of the window, at most 10. */
  topApps: Array<{ app: string; namespace: string; environment: string; cost: CostBreakdown; efficiency: Efficiency }>;
  /** Environments whose workloads used almost nothing of what they requested, or had no activity, in the window. */
  idleEnvironments: Array<{ namespace: string; environment: string; type: string; cost: number; efficiency: Efficiency; reason: string }>;
  /** p95 usage over the window against the request, at the target utilisation (config). */
  rightSizing: RightSizingSuggestion[];
  /** This month so far, and forecast at today's daily average. */
  monthToDate: number;
  monthForecast: number;
  /** The team's monthly budget (config) and how far the forecast goes into it. */
  budget?: { monthly: number; forecastPercent: number };
  /** The idle and shared lines spread onto this team (config `slipway.costs.spreadIdleAndShared`). */
  spread?: { idle: number; shared: number };
}

export interface RightSizingSuggestion {
  namespace: string;
  app: string;
  container: string;
  resource: 'cpu' | 'memory';
  /** Kubernetes quantities, e.g. `500m`, `512Mi`. */
  request: string;
  p95Usage: string;
  suggested: string;
  /** Saving per month at the current prices if applied (negative: it costs more, the request is too low). */
  monthlySaving: number;
}

/** `GET /showback?from&to` for platform admins: every team, plus the idle and shared lines. */
export interface PlatformShowbackView {
  currency: string;
  from: string;
  to: string;
  /** groups: each team, `idle` (node capacity no workload requested) and `shared` (platform namespaces). */
  daily: CostSeriesPoint[];
  teams: Array<{ team: string; total: number; budget?: number; monthForecast: number }>;
  idle: number;
  shared: number;
  /** Whether idle and shared are spread over the teams proportionally (config). */
  spread: boolean;
}

/** `GET /apps/:team/:app?days=30`: an app's cost on its Component page. */
export interface AppCostView {
  team: string;
  app: string;
  currency: string;
  daily: Array<{ date: string; total: number }>;
  byEnvironment: Array<{ namespace: string; environment: string; type: string; cost: CostBreakdown; monthlyRunRate: number }>;
  total: CostBreakdown;
  monthlyRunRate: number;
}

/** `GET /environments/run-rates`: the monthly run-rate of each environment the caller may read (the environment list's column). */
export interface EnvironmentRunRatesView {
  currency: string;
  items: Array<{ namespace: string; monthlyRunRate: number }>;
}

/** One line of a chargeback report. */
export interface ChargebackLine {
  namespace: string;
  environment: string;
  type: string;
  app: string;
  cost: CostBreakdown;
}

/**
 * `GET /teams/:team/chargeback/:month` (JSON, or `?format=csv`); `GET /teams/:team/chargeback`
 * lists the months. A closed month (after it ended) is stored once and never changes.
 */
export interface ChargebackReport {
  team: string;
  month: string;
  currency: string;
  status: 'open' | 'closed';
  closedAt?: string;
  generatedAt: string;
  lines: ChargebackLine[];
  /** Idle and shared cost spread onto the team, when configured. */
  spread?: { idle: number; shared: number };
  total: number;
  /** Every price sheet in effect during the month, with its dates. */
  priceSheets: PricePeriod[];
}

/** `GET /teams/:team/chargeback`: the months with cost or a stored report, newest first (closed: the month has ended). */
export interface ChargebackMonthsView {
  team: string;
  months: Array<{ month: string; status: 'open' | 'closed' }>;
}

/** Prices in effect from `effectiveFrom` (inclusive) until the next period starts. */
export interface PricePeriod {
  effectiveFrom: string;
  prices: PriceSheet;
  source: 'opencost-default' | 'config' | 'billing-import';
  /** For a billing import: which one. */
  importId?: string;
}

/** `GET /price-sheet`: today's prices and every period. */
export interface PriceSheetView {
  current: PriceSheet;
  periods: PricePeriod[];
}

export const BILLING_EXPORT_FORMATS = ['aws-cur-2.0-csv', 'aws-cur-2.0-parquet', 'gcp-billing-csv'] as const;
export type BillingExportFormat = (typeof BILLING_EXPORT_FORMATS)[number];

/** A billing export read into rates (`POST /price-imports?format=…&fileName=…`, the file as the body; platform admins). */
export interface BillingImportView {
  id: string;
  format: BillingExportFormat;
  fileName: string;
  importedBy: string;
  importedAt: string;
  /** The usage period the export covers. */
  periodStart: string;
  periodEnd: string;
  /** Rows read, and rows that priced CPU, memory and storage. */
  rows: number;
  matched: { cpu: number; ram: number; storage: number };
  derived: PriceSheet;
  /** When these rates were applied as a price period (`POST /price-imports/:id/apply {effectiveFrom}`). */
  appliedFrom?: string;
  notes: string[];
}

/** `GET /price-imports`: every billing import, newest first. */
export interface BillingImportsView {
  items: BillingImportView[];
}

/** OpenCost's allocation API shape: `GET /allocation/compute?window=7d&aggregate=namespace|team|environment|app&step=1d&accumulate=false`. */
export interface OpenCostAllocationResponse {
  code: 200;
  data: Array<Record<string, OpenCostAllocation>>;
}

export interface OpenCostAllocation {
  name: string;
  properties: { cluster?: string; namespace?: string; labels?: Record<string, string> };
  window: { start: string; end: string };
  start: string;
  end: string;
  minutes: number;
  cpuCoreRequestAverage: number;
  cpuCoreUsageAverage: number;
  cpuCoreHours: number;
  cpuCost: number;
  cpuEfficiency: number;
  ramByteRequestAverage: number;
  ramByteUsageAverage: number;
  ramByteHours: number;
  ramCost: number;
  ramEfficiency: number;
  pvByteHours: number;
  pvCost: number;
  totalCost: number;
  totalEfficiency: number;
}
