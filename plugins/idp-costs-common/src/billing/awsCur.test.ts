import { parquetWriteBuffer } from 'hyparquet-writer';
import { OPENCOST_DEFAULT_PRICES, PriceSheet } from '../priceSheet';
import { BillingExportError } from './BillingExportError';
import { OPENCOST_CPU_TO_RAM_RATIO, splitInstanceHour } from './rates';
import { readBillingExport } from './readBillingExport';

/** A CUR 2.0 line item as the tests write it; `product` is the map column. */
interface LineItem {
  start: string;
  end: string;
  productCode: string;
  usageType: string;
  lineItemType?: string;
  amount: number;
  cost: number;
  currency?: string;
  instanceType?: string;
  product?: Record<string, string>;
  savingsPlanEffectiveCost?: number;
}

const HEADER = [
  'bill_billing_period_start_date',
  'line_item_line_item_type',
  'line_item_usage_start_date',
  'line_item_usage_end_date',
  'line_item_product_code',
  'line_item_usage_type',
  'line_item_usage_amount',
  'line_item_unblended_cost',
  'line_item_currency_code',
  'product_instance_type',
  'product',
  'savings_plan_savings_plan_effective_cost',
];

const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** A CUR 2.0 CSV as Data Exports writes it: the product map as a JSON object in one quoted field. */
function cur2Csv(items: LineItem[], header = HEADER): string {
  const lines = items.map(i =>
    [
      '2026-11-01T00:00:00.000Z',
      i.lineItemType ?? 'Usage',
      i.start,
      i.end,
      i.productCode,
      i.usageType,
      String(i.amount),
      String(i.cost),
      i.currency ?? 'USD',
      i.instanceType ?? '',
      i.product ? JSON.stringify(i.product) : '',
      i.savingsPlanEffectiveCost === undefined ? '' : String(i.savingsPlanEffectiveCost),
    ]
      .slice(0, header.length)
      .map(quote)
      .join(','),
  );
  return `${header.join(',')}\n${lines.join('\n')}\n`;
}

/** The same line items as a CUR 2.0 Parquet file: timestamps, doubles and `product` as a MAP<string,string>. */
async function cur2Parquet(items: LineItem[]): Promise<Uint8Array> {
  const columns: Array<[string, unknown[], any]> = [
    ['line_item_line_item_type', items.map(i => i.lineItemType ?? 'Usage'), { type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' }],
    ['line_item_usage_start_date', items.map(i => new Date(i.start)), { type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', repetition_type: 'OPTIONAL' }],
    ['line_item_usage_end_date', items.map(i => new Date(i.end)), { type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', repetition_type: 'OPTIONAL' }],
    ['line_item_product_code', items.map(i => i.productCode), { type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' }],
    ['line_item_usage_type', items.map(i => i.usageType), { type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' }],
    ['line_item_usage_amount', items.map(i => i.amount), { type: 'DOUBLE', repetition_type: 'OPTIONAL' }],
    ['line_item_unblended_cost', items.map(i => i.cost), { type: 'DOUBLE', repetition_type: 'OPTIONAL' }],
    ['line_item_currency_code', items.map(i => i.currency ?? 'USD'), { type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' }],
    ['product_instance_type', items.map(i => i.instanceType ?? null), { type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' }],
  ];
  const product = items.map(i => i.product ?? {});
  const schema = [
    { name: 'root', num_children: columns.length + 1 },
    ...columns.map(([name, , element]) => ({ name, ...element })),
    { name: 'product', converted_type: 'MAP', repetition_type: 'OPTIONAL', num_children: 1 },
    { name: 'key_value', repetition_type: 'REPEATED', num_children: 2 },
    { name: 'key', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
    { name: 'value', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  ];
  const buffer = parquetWriteBuffer({
    columnData: [...columns.map(([name, data]) => ({ name, data: data as any })), { name: 'product', data: product as any }],
    schema: schema as any,
    rowGroupSize: 3,
  });
  return new Uint8Array(buffer);
}

/**
 * Jest runs tests in a realm of their own, where Node's TextEncoder makes Uint8Arrays that
 * hyparquet-writer's `instanceof Uint8Array` does not recognise; this one copies them into the test's realm.
 */
class SameRealmTextEncoder extends TextEncoder {
  encode(input?: string) {
    return new Uint8Array(super.encode(input));
  }
}
const NodeTextEncoder = globalThis.TextEncoder;
beforeAll(() => {
  globalThis.TextEncoder = SameRealmTextEncoder;
});
afterAll(() => {
  globalThis.TextEncoder = NodeTextEncoder;
});

const DAY = { start: '2026-11-01T00:00:00Z', end: '2026-11-02T00:00:00Z' };
const M5_LARGE = { vcpu: '2', memory: '8 GiB', instanceFamily: 'General purpose', physicalProcessor: 'Intel Xeon Platinum 8175, 8259CL' };
const C5_XLARGE = { vcpu: '4', memory: '8 GiB' };

/** Two instance types, a volume, and lines that must not count: S3, a fee, tax, a Savings Plan negation. */
const ITEMS: LineItem[] = [
  { ...DAY, productCode: 'AmazonEC2', usageType: 'USE1-BoxUsage:m5.large', amount: 24, cost: 2.304, instanceType: 'm5.large', product: M5_LARGE },
  { start: '2026-11-02T00:00:00Z', end: '2026-11-02T10:00:00Z', productCode: 'AmazonEC2', usageType: 'BoxUsage:c5.xlarge', amount: 10, cost: 1.7, instanceType: 'c5.xlarge', product: C5_XLARGE },
  { ...DAY, productCode: 'AmazonEC2', usageType: 'USE1-EBS:VolumeUsage.gp3', amount: 100, cost: 8, product: { volumeApiName: 'gp3' } },
  { ...DAY, productCode: 'AmazonEC2', usageType: 'USE1-EBS:VolumeP-IOPS.piops', amount: 3000, cost: 9.75 },
  { ...DAY, productCode: 'AmazonS3', usageType: 'USE1-TimedStorage-ByteHrs', amount: 5000, cost: 115 },
  { ...DAY, productCode: 'AmazonEC2', usageType: 'USE1-BoxUsage:m5.large', lineItemType: 'Tax', amount: 0, cost: 0.2, product: M5_LARGE },
  { ...DAY, productCode: 'ComputeSavingsPlans', usageType: 'ComputeSP:1yrNoUpfront', lineItemType: 'SavingsPlanNegation', amount: 1, cost: -3 },
];

/** By hand: OpenCost's ratio 0.031611 / 0.004237 = 7.4607033; m5.large at 0.096/h: RAM 0.096 / (2 × 7.4607033 + 8) = 0.0041882246, CPU × 7.4607. */
const M5 = splitInstanceHour(0.096, 2, 8);
const C5 = splitInstanceHour(0.17, 4, 8);
const EXPECTED_CPU = (M5.cpuCoreHour * 2 * 24 + C5.cpuCoreHour * 4 * 10) / (2 * 24 + 4 * 10);
const EXPECTED_RAM = (M5.ramGiBHour * 8 * 24 + C5.ramGiBHour * 8 * 10) / (8 * 24 + 8 * 10);
const CURRENT: PriceSheet = OPENCOST_DEFAULT_PRICES;

describe('AWS CUR 2.0', () => {
  it('splits an instance-hour as OpenCost does: the hourly price is kept, in the ratio of its default prices', () => {
    expect(OPENCOST_CPU_TO_RAM_RATIO).toBeCloseTo(7.460703327826292, 12);
    expect(M5.ramGiBHour).toBeCloseTo(0.004188224634, 12);
    expect(M5.cpuCoreHour).toBeCloseTo(0.031247101464, 12);
    expect(2 * M5.cpuCoreHour + 8 * M5.ramGiBHour).toBeCloseTo(0.096, 15);
    // An instance priced at OpenCost's defaults splits back into them.
    const defaults = splitInstanceHour(2 * 0.031611 + 8 * 0.004237, 2, 8);
    expect(defaults.cpuCoreHour).toBeCloseTo(0.031611, 15);
    expect(defaults.ramGiBHour).toBeCloseTo(0.004237, 15);
  });

  it('derives CPU and memory from EC2 instance-hours (weighted by use) and storage from EBS VolumeUsage, in CSV', async () => {
    const view = await readBillingExport('aws-cur-2.0-csv', cur2Csv(ITEMS), CURRENT);
    expect(view).toEqual({
      periodStart: '2026-11-01T00:00:00.000Z',
      periodEnd: '2026-11-02T10:00:00.000Z',
      rows: 7,
      matched: { cpu: 2, ram: 2, storage: 1 },
      derived: { currency: 'USD', cpuCoreHour: Number(EXPECTED_CPU.toPrecision(10)), ramGiBHour: Number(EXPECTED_RAM.toPrecision(10)), storageGiBMonth: 0.08 },
      notes: [],
    });
    expect(view.derived.cpuCoreHour).toBe(0.03227817677);
    expect(view.derived.ramGiBHour).toBe(0.004277648693);
  });

  it('reads the same rates from the same line items in Parquet, with product as a map column', async () => {
    const csv = await readBillingExport('aws-cur-2.0-csv', cur2Csv(ITEMS), CURRENT);
    const parquet = await readBillingExport('aws-cur-2.0-parquet', await cur2Parquet(ITEMS), CURRENT);
    expect(parquet).toEqual(csv);
  });

  it('prices Savings Plan covered usage at its effective cost and reads the Athena form of the product map', async () => {
    const items: LineItem[] = [
      { ...DAY, productCode: 'AmazonEC2', usageType: 'BoxUsage:m5.large', lineItemType: 'SavingsPlanCoveredUsage', amount: 10, cost: 0.96, savingsPlanEffectiveCost: 0.6, product: M5_LARGE },
    ];
    const csv = cur2Csv(items).replace(`"${JSON.stringify(M5_LARGE).replace(/"/g, '""')}"`, '"{vcpu=2, memory=8 GiB, physicalProcessor=Intel Xeon Platinum 8175, 8259CL}"');
    expect(csv).toContain('{vcpu=2');
    const view = await readBillingExport('aws-cur-2.0-csv', csv, CURRENT);
    const split = splitInstanceHour(0.06, 2, 8);
    expect(view.derived.cpuCoreHour).toBe(Number(split.cpuCoreHour.toPrecision(10)));
    expect(view.derived.ramGiBHour).toBe(Number(split.ramGiBHour.toPrecision(10)));
  });

  it('keeps the current storage price when there are no EBS rows, and says so', async () => {
    const view = await readBillingExport('aws-cur-2.0-csv', cur2Csv(ITEMS.slice(0, 2)), { ...CURRENT, storageGiBMonth: 0.1 });
    expect(view.derived.storageGiBMonth).toBe(0.1);
    expect(view.matched).toEqual({ cpu: 2, ram: 2, storage: 0 });
    expect(view.notes).toEqual(['No EBS VolumeUsage rows: storage keeps the current price (0.1 USD per GiB-month)']);
  });

  it('notes instance-hours it cannot split because product has no vcpu or memory', async () => {
    const items = [...ITEMS, { ...DAY, productCode: 'AmazonEC2', usageType: 'BoxUsage:x9.huge', amount: 1, cost: 50, instanceType: 'x9.huge', product: {} }];
    const view = await readBillingExport('aws-cur-2.0-csv', cur2Csv(items), CURRENT);
    expect(view.derived.cpuCoreHour).toBe(0.03227817677);
    expect(view.notes).toEqual(['1 row left out: EC2 instance-hours whose product map has no vcpu and memory (x9.huge)']);
  });

  it('refuses mixed currencies, naming both and their lines', async () => {
    const items = [...ITEMS.slice(0, 2), { ...ITEMS[2], currency: 'EUR' }];
    await expect(readBillingExport('aws-cur-2.0-csv', cur2Csv(items), CURRENT)).rejects.toThrow(
      'The export mixes currencies: USD on line 2, EUR on line 4 (line_item_currency_code); import one currency at a time',
    );
  });

  it('refuses to keep a current price in another currency than the export', async () => {
    const items = ITEMS.slice(0, 2).map(i => ({ ...i, currency: 'EUR' }));
    await expect(readBillingExport('aws-cur-2.0-csv', cur2Csv(items), CURRENT)).rejects.toThrow(
      "The export has no EBS VolumeUsage rows, so storage would keep today's price, but that is in USD and the export in EUR",
    );
  });

  it('names a missing column and the format it expected', async () => {
    const header = HEADER.filter(h => h !== 'line_item_usage_amount');
    const csv = `${header.join(',')}\n${header.map(() => 'x').join(',')}\n`;
    const error = await readBillingExport('aws-cur-2.0-csv', csv, CURRENT).catch(e => e);
    expect(error).toBeInstanceOf(BillingExportError);
    expect(error.message).toBe(
      'The file has no column line_item_usage_amount, which every AWS CUR 2.0 export has (format aws-cur-2.0-csv); ' +
        'check that this is a AWS CUR 2.0 export with its header row, or choose the format that matches the file',
    );
  });

  it('refuses malformed files: ragged rows, bad numbers and dates, an empty file, no priced rows, a CSV sent as Parquet', async () => {
    const csv = cur2Csv(ITEMS);
    await expect(readBillingExport('aws-cur-2.0-csv', `${csv}a,b\n`, CURRENT)).rejects.toThrow('Line 9 has 2 fields but the header has 12');
    await expect(readBillingExport('aws-cur-2.0-csv', csv.replace(',2.304,', ',2,304,'), CURRENT)).rejects.toThrow('Line 2 has 13 fields');
    await expect(readBillingExport('aws-cur-2.0-csv', csv.replace(',24,2.304,', ',24,lots,'), CURRENT)).rejects.toThrow('Line 2: line_item_unblended_cost is "lots", not a number');
    await expect(readBillingExport('aws-cur-2.0-csv', csv.replace('2026-11-02T00:00:00Z,AmazonEC2', 'yesterday,AmazonEC2'), CURRENT)).rejects.toThrow(
      'Line 2: line_item_usage_end_date is "yesterday", not a date and time',
    );
    await expect(readBillingExport('aws-cur-2.0-csv', '', CURRENT)).rejects.toThrow('The file is empty');
    await expect(readBillingExport('aws-cur-2.0-csv', cur2Csv([]), CURRENT)).rejects.toThrow('The AWS CUR 2.0 export has a header but no rows');
    await expect(readBillingExport('aws-cur-2.0-csv', cur2Csv(ITEMS.slice(4)), CURRENT)).rejects.toThrow('No row of the AWS CUR 2.0 export prices CPU, memory or storage');
    await expect(readBillingExport('aws-cur-2.0-parquet', new TextEncoder().encode(csv), CURRENT)).rejects.toThrow(/^The file is not Parquet \(.*\); upload the export's \.parquet file/);
  });
});
