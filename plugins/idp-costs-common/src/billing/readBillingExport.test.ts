import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { OPENCOST_DEFAULT_PRICES } from '../priceSheet';
import { readBillingExport } from './readBillingExport';

const HEADER = 'line_item_usage_start_date,line_item_usage_end_date,line_item_product_code,line_item_usage_type,line_item_usage_amount,line_item_unblended_cost,line_item_currency_code,product,line_item_resource_id\n';
const PRODUCT = '"{""vcpu"":""2"",""memory"":""8 GiB"",""instanceFamily"":""General purpose""}"';

/**
 * A CUR 2.0 CSV of `rows` hourly line items, made as it is read (never whole in memory), each
 * about 500 bytes; every tenth an EBS volume-hour. `onChunk` sees how far it got.
 */
async function* largeCur2Csv(rows: number, onChunk: (rowsSoFar: number) => void) {
  const encoder = new TextEncoder();
  const padding = 'i-0123456789abcdef0/'.repeat(17);
  yield encoder.encode(HEADER);
  for (let row = 0; row < rows; ) {
    let chunk = '';
    for (const end = Math.min(rows, row + 1000); row < end; row++) {
      const hour = new Date(Date.UTC(2026, 10, 1) + (row % 720) * 3_600_000);
      const next = new Date(hour.getTime() + 3_600_000);
      const volume = row % 10 === 9;
      const usage = volume ? `USE1-EBS:VolumeUsage.gp3,0.5,0.04` : `USE1-BoxUsage:m5.large,1,0.096`;
      chunk += `${hour.toISOString()},${next.toISOString()},AmazonEC2,${usage},USD,${volume ? '' : PRODUCT},${padding}${row}\n`;
    }
    onChunk(row);
    yield encoder.encode(chunk);
  }
}

/** The heap in use after a full collection: what is still held, not garbage awaiting collection. */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const liveHeap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

describe('readBillingExport on a large file', () => {
  it('reads 200,000 rows (about 100 MB) as a stream in bounded memory', async () => {
    const rows = 200_000;
    const baseline = liveHeap();
    let peak = 0;
    let samples = 0;
    let bytes = 0;
    const measure = (rowsSoFar: number) => {
      if (rowsSoFar % 20_000 !== 0) return;
      samples++;
      peak = Math.max(peak, liveHeap() - baseline);
    };
    const sized = async function* counted() {
      for await (const chunk of largeCur2Csv(rows, measure)) {
        bytes += chunk.byteLength;
        yield chunk;
      }
    };
    const view = await readBillingExport('aws-cur-2.0-csv', sized(), OPENCOST_DEFAULT_PRICES);
    expect(bytes).toBeGreaterThan(90_000_000);
    expect(view.rows).toBe(rows);
    expect(view.matched).toEqual({ cpu: 180_000, ram: 180_000, storage: 20_000 });
    expect(view.derived.storageGiBMonth).toBe(0.08);
    expect(view.derived.cpuCoreHour).toBe(0.03124710146);
    expect(view.periodStart).toBe('2026-11-01T00:00:00.000Z');
    expect(view.periodEnd).toBe('2026-12-01T00:00:00.000Z');
    // Holding the file (or its rows) would take well over 100 MB; a stream keeps a chunk and the sums.
    expect(samples).toBe(10);
    expect(peak).toBeLessThan(16 * 1024 * 1024);
  }, 60_000);
});
