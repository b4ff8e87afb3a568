import { BillingExportError } from './BillingExportError';
import { ExportFormatRules, ExportRow, amount, text, time } from './exportRow';
import { PricedResource, RateTotals } from './rates';

/** The columns of Cloud Billing's standard usage cost export (BigQuery), as written to CSV. */
export const GCP_BILLING = {
  service: 'service.description',
  sku: 'sku.description',
  start: 'usage_start_time',
  end: 'usage_end_time',
  pricingAmount: 'usage.amount_in_pricing_units',
  pricingUnit: 'usage.pricing_unit',
  cost: 'cost',
  currency: 'currency',
  credits: 'credits',
} as const;

/** Compute Engine SKUs by what they price, and the pricing unit each must be in. */
const SKUS: Array<{ resource: PricedResource; sku: RegExp; unit: string }> = [
  // "N2 Instance Core running in Americas", "Spot Preemptible E2 Instance Core running in Iowa", "Custom Instance Core ..."
  { resource: 'cpu', sku: /\bCore\b/i, unit: 'hour' },
  // "N2 Instance Ram running in Americas", "Custom Extended Instance Ram ..."
  { resource: 'ram', sku: /\bRam\b/i, unit: 'gibibyte hour' },
  // "SSD backed PD Capacity", "Storage PD Capacity", "Balanced PD Capacity", "Hyperdisk Balanced Capacity"
  { resource: 'storage', sku: /\bPD Capacity\b|\bHyperdisk\b.*\bCapacity\b/i, unit: 'gibibyte month' },
];
/** Licences and commitment fees are priced per core or GiB too, but are not the price of using a node. */
const NOT_USAGE = /licen[cs]|commitment|sole tenancy premium/i;

/** The credits column (sustained and committed use discounts, free tier): a JSON array of `{name, amount}`, amounts negative. */
function credits(row: ExportRow): number {
  const value = row.get(GCP_BILLING.credits);
  if (value === undefined || value === null || value === '') return 0;
  let list: unknown = value;
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value);
    } catch {
      throw new BillingExportError(`Line ${row.line}: ${GCP_BILLING.credits} is not JSON (expected [{"name":"...","amount":-1.23}])`);
    }
  }
  if (!Array.isArray(list)) throw new BillingExportError(`Line ${row.line}: ${GCP_BILLING.credits} is not a list (expected [{"name":"...","amount":-1.23}])`);
  return list.reduce((sum: number, credit) => sum + (Number(credit?.amount) || 0), 0);
}

export const gcpBilling: ExportFormatRules = {
  name: 'GCP Cloud Billing',
  required: [GCP_BILLING.service, GCP_BILLING.sku, GCP_BILLING.start, GCP_BILLING.end, GCP_BILLING.pricingAmount, GCP_BILLING.pricingUnit, GCP_BILLING.cost, GCP_BILLING.currency],
  optional: [GCP_BILLING.credits],
  currencyColumn: GCP_BILLING.currency,
  sources: { cpu: 'Compute Engine "Instance Core" rows', ram: 'Compute Engine "Instance Ram" rows', storage: 'Compute Engine "PD Capacity" rows' },
  read(row, totals: RateTotals) {
    totals.addRow(row.line, text(row, GCP_BILLING.currency), time(row, GCP_BILLING.start), time(row, GCP_BILLING.end), GCP_BILLING.currency);
    if (text(row, GCP_BILLING.service) !== 'Compute Engine') return;
    const sku = text(row, GCP_BILLING.sku) ?? '';
    const match = NOT_USAGE.test(sku) ? undefined : SKUS.find(s => s.sku.test(sku));
    if (!match) return;
    const unit = text(row, GCP_BILLING.pricingUnit)?.toLowerCase();
    if (unit !== match.unit) {
      totals.skip(`Compute Engine "${sku}" in ${GCP_BILLING.pricingUnit} "${unit ?? ''}", expected "${match.unit}"`);
      return;
    }
    const quantity = amount(row, GCP_BILLING.pricingAmount) ?? 0;
    if (quantity <= 0) return;
    totals.add(match.resource, (amount(row, GCP_BILLING.cost) ?? 0) + credits(row), quantity);
  },
};
