import { OPENCOST_DEFAULT_PRICES } from '../priceSheet';
import { readBillingExport } from './readBillingExport';

interface UsageRow {
  service?: string;
  sku: string;
  start?: string;
  end?: string;
  amount: number;
  unit: string;
  pricingAmount: number;
  pricingUnit: string;
  cost: number;
  currency?: string;
  credits?: Array<{ name: string; amount: number }>;
}

const HEADER = [
  'billing_account_id',
  'service.description',
  'sku.description',
  'usage_start_time',
  'usage_end_time',
  'usage.amount',
  'usage.unit',
  'usage.amount_in_pricing_units',
  'usage.pricing_unit',
  'cost',
  'currency',
  'credits',
];

const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** The standard usage cost table exported from BigQuery to CSV (timestamps as BigQuery writes them, credits as JSON). */
function gcpCsv(rows: UsageRow[], header = HEADER): string {
  const lines = rows.map(r =>
    [
      '01A2B3-C4D5E6-F7A8B9',
      r.service ?? 'Compute Engine',
      r.sku,
      r.start ?? '2026-10-01 00:00:00 UTC',
      r.end ?? '2026-10-01 01:00:00 UTC',
      String(r.amount),
      r.unit,
      String(r.pricingAmount),
      r.pricingUnit,
      String(r.cost),
      r.currency ?? 'EUR',
      JSON.stringify(r.credits ?? []),
    ]
      .slice(0, header.length)
      .map(quote)
      .join(','),
  );
  return `${header.join(',')}\r\n${lines.join('\r\n')}\r\n`;
}

const GIB = 2 ** 30;
const ROWS: UsageRow[] = [
  // 100 core-hours for 3.1611 → 0.031611 per core-hour.
  { sku: 'N2 Instance Core running in Americas', amount: 360000, unit: 'seconds', pricingAmount: 100, pricingUnit: 'hour', cost: 3.1611 },
  { sku: 'Spot Preemptible E2 Instance Core running in Iowa', start: '2026-10-31 23:00:00 UTC', end: '2026-11-01 00:00:00 UTC', amount: 0, unit: 'seconds', pricingAmount: 0, pricingUnit: 'hour', cost: 0 },
  // 400 GiB-hours for 1.8 with a 0.1052 sustained use credit → 0.004237 per GiB-hour.
  { sku: 'N2 Instance Ram running in Americas', amount: 400 * GIB * 3600, unit: 'byte-seconds', pricingAmount: 400, pricingUnit: 'gibibyte hour', cost: 1.8, credits: [{ name: 'Sustained usage discount', amount: -0.1052 }] },
  // 50 + 150 GiB-months for 2 + 10 → 0.06 per GiB-month.
  { sku: 'SSD backed PD Capacity', amount: 50 * GIB * 2592000, unit: 'byte-seconds', pricingAmount: 50, pricingUnit: 'gibibyte month', cost: 2 },
  { sku: 'Balanced PD Capacity', amount: 150 * GIB * 2592000, unit: 'byte-seconds', pricingAmount: 150, pricingUnit: 'gibibyte month', cost: 10 },
  // Not the price of a node: licences, snapshots, other services.
  { sku: 'Licensing Fee for Windows Server 2022 Datacenter Edition (CPU cost)', amount: 3600, unit: 'seconds', pricingAmount: 1, pricingUnit: 'hour', cost: 0.046 },
  { sku: 'Storage PD Snapshot', amount: 10, unit: 'byte-seconds', pricingAmount: 10, pricingUnit: 'gibibyte month', cost: 0.26 },
  { service: 'Cloud Storage', sku: 'Standard Storage US Multi-region', amount: 10, unit: 'byte-seconds', pricingAmount: 10, pricingUnit: 'gibibyte month', cost: 0.26 },
];

describe('GCP Cloud Billing export', () => {
  it('derives per-core-hour, per-GiB-hour and per-GiB-month rates from Compute Engine SKUs, net of credits', async () => {
    expect(await readBillingExport('gcp-billing-csv', gcpCsv(ROWS), { ...OPENCOST_DEFAULT_PRICES, currency: 'EUR' })).toEqual({
      periodStart: '2026-10-01T00:00:00.000Z',
      periodEnd: '2026-11-01T00:00:00.000Z',
      rows: 8,
      matched: { cpu: 1, ram: 1, storage: 2 },
      derived: { currency: 'EUR', cpuCoreHour: 0.031611, ramGiBHour: 0.004237, storageGiBMonth: 0.06 },
      notes: [],
    });
  });

  it('reads the column names as BigQuery aliases them (service_description) and without credits', async () => {
    const csv = gcpCsv(ROWS.slice(0, 1), HEADER.slice(0, -1).map(h => h.replace(/\./g, '_').toUpperCase()));
    expect(csv).toMatch(/^BILLING_ACCOUNT_ID,SERVICE_DESCRIPTION,SKU_DESCRIPTION,.*,CURRENCY\r\n/);
    const view = await readBillingExport('gcp-billing-csv', csv, { ...OPENCOST_DEFAULT_PRICES, currency: 'EUR' });
    expect(view.derived.cpuCoreHour).toBe(0.031611);
  });

  it('notes the prices kept and the rows in another pricing unit', async () => {
    const rows = [ROWS[0], { ...ROWS[2], pricingUnit: 'gibibyte month' }];
    const view = await readBillingExport('gcp-billing-csv', gcpCsv(rows.map(r => ({ ...r, currency: 'USD' }))), OPENCOST_DEFAULT_PRICES);
    expect(view.derived).toEqual({ ...OPENCOST_DEFAULT_PRICES, cpuCoreHour: 0.031611 });
    expect(view.notes).toEqual([
      'No Compute Engine "Instance Ram" rows: memory keeps the current price (0.004237 USD per GiB-hour)',
      'No Compute Engine "PD Capacity" rows: storage keeps the current price (0.04 USD per GiB-month)',
      '1 row left out: Compute Engine "N2 Instance Ram running in Americas" in usage.pricing_unit "gibibyte month", expected "gibibyte hour"',
    ]);
  });

  it('names the missing columns and refuses credits that are not JSON', async () => {
    const header = HEADER.filter(h => h !== 'cost' && h !== 'usage.pricing_unit');
    await expect(readBillingExport('gcp-billing-csv', `${header.join(',')}\n`, OPENCOST_DEFAULT_PRICES)).rejects.toThrow(
      'The file has no column usage.pricing_unit, cost, which every GCP Cloud Billing export has (format gcp-billing-csv)',
    );
    const csv = gcpCsv([ROWS[2]]).replace('"[{""name""', '"{{""name""');
    await expect(readBillingExport('gcp-billing-csv', csv, OPENCOST_DEFAULT_PRICES)).rejects.toThrow('Line 2: credits is not JSON');
  });
});
