import { BillingExportError } from './BillingExportError';
import { ExportFormatRules, ExportRow, amount, text, time } from './exportRow';
import { RateTotals, splitInstanceHour } from './rates';

/** The CUR 2.0 columns Slipway reads (AWS Data Exports, table COST_AND_USAGE_REPORT). */
export const CUR2 = {
  start: 'line_item_usage_start_date',
  end: 'line_item_usage_end_date',
  productCode: 'line_item_product_code',
  usageType: 'line_item_usage_type',
  lineItemType: 'line_item_line_item_type',
  usageAmount: 'line_item_usage_amount',
  unblendedCost: 'line_item_unblended_cost',
  netUnblendedCost: 'line_item_net_unblended_cost',
  currency: 'line_item_currency_code',
  instanceType: 'product_instance_type',
  product: 'product',
  reservationEffectiveCost: 'reservation_effective_cost',
  savingsPlanEffectiveCost: 'savings_plan_savings_plan_effective_cost',
} as const;

/** Instance-hours: on-demand, Spot and dedicated (`USE1-BoxUsage:m5.large`, `SpotUsage:c5.xlarge`). */
const INSTANCE_HOURS = /(?:^|-)(?:BoxUsage|SpotUsage|DedicatedUsage)(?::|$)/;
/** EBS capacity in GB-months (`EBS:VolumeUsage.gp3`); IOPS and throughput lines are other usage types. */
const VOLUME_USAGE = /(?:^|-)EBS:VolumeUsage(?:\.|$)/;

/**
 * Line items that are usage, each with the cost it really had (amortized): a reservation's or a
 * Savings Plan's effective cost when one covered it. Fees, credits, taxes and the Savings Plan
 * negation lines are not usage of a node and are left out.
 */
function usageCost(row: ExportRow): number | undefined {
  const type = text(row, CUR2.lineItemType) ?? 'Usage';
  const unblended = amount(row, CUR2.unblendedCost) ?? 0;
  if (type === 'Usage') return amount(row, CUR2.netUnblendedCost) ?? unblended;
  if (type === 'DiscountedUsage') return amount(row, CUR2.reservationEffectiveCost) ?? unblended;
  if (type === 'SavingsPlanCoveredUsage') return amount(row, CUR2.savingsPlanEffectiveCost) ?? unblended;
  return undefined;
}

/** The `product` map: an object or Map from Parquet; in CSV a JSON object or Athena's `{vcpu=2, memory=8 GiB}`. */
export function productAttributes(value: unknown, line: number): Record<string, string> {
  if (value === undefined || value === null || value === '') return {};
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), String(v)]));
  if (Array.isArray(value)) return Object.fromEntries(value.map(e => [String(e?.key ?? e?.[0]), String(e?.value ?? e?.[1])]));
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
  const string = String(value).trim();
  try {
    const parsed = JSON.parse(string);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return productAttributes(parsed, line);
  } catch {
    // not JSON: the key=value form below
  }
  const body = /^\{(.*)\}$/s.exec(string);
  if (!body) throw new BillingExportError(`Line ${line}: ${CUR2.product} is not a map (expected {"vcpu":"2","memory":"8 GiB",...})`);
  const entries = body[1].split(/,\s*(?=[A-Za-z_][\w:.-]*=)/).filter(Boolean);
  return Object.fromEntries(entries.map(e => [e.slice(0, e.indexOf('=')).trim(), e.slice(e.indexOf('=') + 1).trim()]));
}

/** `8 GiB`, `0.5 GiB`, `1,024 GiB`, `512 MiB` → GiB. AWS writes GiB; its "GB" is binary too. */
function gibibytes(memory: string | undefined): number | undefined {
  const match = memory && /^([\d.,]+)\s*(GiB|GB|MiB|MB|TiB|TB)?$/i.exec(memory.trim());
  if (!match) return undefined;
  const value = Number(match[1].replace(/,/g, ''));
  const unit = (match[2] ?? 'GiB').toUpperCase();
  if (unit.startsWith('M')) return value / 1024;
  if (unit.startsWith('T')) return value * 1024;
  return value;
}

export const awsCur2: ExportFormatRules = {
  name: 'AWS CUR 2.0',
  required: [CUR2.start, CUR2.end, CUR2.productCode, CUR2.usageType, CUR2.usageAmount, CUR2.unblendedCost, CUR2.currency, CUR2.product],
  optional: [CUR2.lineItemType, CUR2.netUnblendedCost, CUR2.instanceType, CUR2.reservationEffectiveCost, CUR2.savingsPlanEffectiveCost],
  currencyColumn: CUR2.currency,
  sources: { cpu: 'EC2 instance-hour (BoxUsage) rows', ram: 'EC2 instance-hour (BoxUsage) rows', storage: 'EBS VolumeUsage rows' },
  read(row, totals: RateTotals) {
    totals.addRow(row.line, text(row, CUR2.currency), time(row, CUR2.start), time(row, CUR2.end), CUR2.currency);
    if (text(row, CUR2.productCode) !== 'AmazonEC2') return;
    const usageType = text(row, CUR2.usageType) ?? '';
    const instanceHours = INSTANCE_HOURS.test(usageType);
    if (!instanceHours && !VOLUME_USAGE.test(usageType)) return;
    const cost = usageCost(row);
    const quantity = amount(row, CUR2.usageAmount) ?? 0;
    if (cost === undefined || quantity <= 0) return;
    if (!instanceHours) {
      totals.add('storage', cost, quantity);
      return;
    }
    const product = productAttributes(row.get(CUR2.product), row.line);
    const vcpus = Number(product.vcpu);
    const memoryGiB = gibibytes(product.memory);
    if (!(vcpus > 0) || !memoryGiB) {
      totals.skip(`EC2 instance-hours whose ${CUR2.product} map has no vcpu and memory (${text(row, CUR2.instanceType) ?? usageType})`);
      return;
    }
    // OpenCost's split of the instance's price; kept as cost and quantity so that the rate is weighted by use.
    const split = splitInstanceHour(cost / quantity, vcpus, memoryGiB);
    totals.add('cpu', split.cpuCoreHour * vcpus * quantity, vcpus * quantity);
    totals.add('ram', split.ramGiBHour * memoryGiB * quantity, memoryGiB * quantity);
  },
};
