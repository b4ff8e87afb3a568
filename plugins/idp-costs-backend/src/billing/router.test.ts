/*
 * The billing import API end to end: the real router, store (SQLite) and upload handling, users
 * from the seeded organisation; a recording price book stands in for the plugin's.
 */
import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { TestDatabases, mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { OPENCOST_DEFAULT_PRICES, PricePeriod } from '@internal/plugin-idp-costs-common';
import { auditEvents } from '@internal/plugin-idp-environments-node/testUtils';
import { ownershipUserInfo } from '@internal/plugin-permission-backend-module-slipway-policy/testUtils';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { BillingImportStore } from './BillingImportStore';
import { PricePeriodSink } from './PricePeriodSink';
import { createBillingImportRouter } from './router';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const auditor = mockServices.auditor.mock();
const periods: PricePeriod[] = [];
const priceBook: PricePeriodSink = { current: async () => OPENCOST_DEFAULT_PRICES, addPeriod: async period => void periods.push(period) };
const MAX_UPLOAD_BYTES = 16 * 1024 * 1024;
let server: Parameters<typeof request>[0];

const CUR_HEADER = 'line_item_usage_start_date,line_item_usage_end_date,line_item_product_code,line_item_usage_type,line_item_usage_amount,line_item_unblended_cost,line_item_currency_code,product\n';
const M5_HOUR = (hour: number) => {
  const start = new Date(Date.UTC(2026, 10, 1) + hour * 3_600_000);
  return `${start.toISOString()},${new Date(start.getTime() + 3_600_000).toISOString()},AmazonEC2,USE1-BoxUsage:m5.large,1,0.096,USD,"{""vcpu"":""2"",""memory"":""8 GiB""}"\n`;
};
const CUR_CSV = `${CUR_HEADER}2026-11-01T00:00:00Z,2026-11-02T00:00:00Z,AmazonEC2,USE1-BoxUsage:m5.large,24,2.304,USD,"{""vcpu"":""2"",""memory"":""8 GiB""}"
2026-11-01T00:00:00Z,2026-11-02T00:00:00Z,AmazonEC2,USE1-EBS:VolumeUsage.gp3,100,8,USD,
`;
/** m5.large at 0.096 an hour, split as OpenCost does; gp3 at 0.08 per GiB-month. */
const CUR_RATES = { currency: 'USD', cpuCoreHour: 0.03124710146, ramGiBHour: 0.004188224634, storageGiBMonth: 0.08 };

const GCP_CSV = `service.description,sku.description,usage_start_time,usage_end_time,usage.amount,usage.unit,usage.amount_in_pricing_units,usage.pricing_unit,cost,currency
Compute Engine,N2 Instance Core running in Americas,2026-10-01 00:00:00 UTC,2026-10-01 01:00:00 UTC,360000,seconds,100,hour,4,USD
Compute Engine,N2 Instance Ram running in Americas,2026-10-01 00:00:00 UTC,2026-10-01 01:00:00 UTC,1546188226560000,byte-seconds,400,gibibyte hour,2,USD
`;

/** The same line items as CUR_CSV, as a CUR 2.0 Parquet file (timestamps, doubles, product as a map). */
async function curParquet(): Promise<Buffer> {
  const string = { type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' };
  const timestamp = { type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', repetition_type: 'OPTIONAL' };
  const double = { type: 'DOUBLE', repetition_type: 'OPTIONAL' };
  const day = [new Date('2026-11-01T00:00:00Z'), new Date('2026-11-01T00:00:00Z')];
  const next = [new Date('2026-11-02T00:00:00Z'), new Date('2026-11-02T00:00:00Z')];
  const columns: Array<[string, unknown[], object]> = [
    ['line_item_usage_start_date', day, timestamp],
    ['line_item_usage_end_date', next, timestamp],
    ['line_item_product_code', ['AmazonEC2', 'AmazonEC2'], string],
    ['line_item_usage_type', ['USE1-BoxUsage:m5.large', 'USE1-EBS:VolumeUsage.gp3'], string],
    ['line_item_usage_amount', [24, 100], double],
    ['line_item_unblended_cost', [2.304, 8], double],
    ['line_item_currency_code', ['USD', 'USD'], string],
  ];
  const schema = [
    { name: 'root', num_children: columns.length + 1 },
    ...columns.map(([name, , element]) => ({ name, ...element })),
    { name: 'product', converted_type: 'MAP', repetition_type: 'OPTIONAL', num_children: 1 },
    { name: 'key_value', repetition_type: 'REPEATED', num_children: 2 },
    { name: 'key', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
    { name: 'value', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  ];
  const product = [{ vcpu: '2', memory: '8 GiB' }, { volumeApiName: 'gp3' }];
  const columnData = [...columns.map(([name, data]) => ({ name, data: data as any })), { name: 'product', data: product as any }];
  return Buffer.from(parquetWriteBuffer({ columnData, schema: schema as any }));
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

const as = (user: string) => ({ Authorization: mockCredentials.user.header(`user:default/${user}`) });
const upload = (user: string, query: string, body: string | Buffer) =>
  request(server).post(`/api/idp-costs/price-imports?${query}`).set(as(user)).set('Content-Type', 'application/octet-stream').send(body);

/** Sends a generated body as a chunked stream, as a browser or curl uploading a large file does. */
function streamUpload(user: string, query: string, body: Readable): Promise<{ status: number; body: any }> {
  const { port } = (server as any).address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ port, method: 'POST', path: `/api/idp-costs/price-imports?${query}`, headers: { ...as(user), 'Content-Type': 'text/csv' } }, res => {
      let text = '';
      res.on('data', chunk => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    // The server may answer (413) before the whole body is sent.
    req.on('error', error => ((error as NodeJS.ErrnoException).code === 'EPIPE' || (error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(error)));
    body.pipe(req);
  });
}

function* hours(count: number) {
  yield CUR_HEADER;
  for (let hour = 0; hour < count; hour++) yield M5_HOUR(hour);
}

beforeAll(async () => {
  const client = await databases.init('SQLITE_3');
  const store = await BillingImportStore.create({ getClient: async () => client } as any);
  const userInfo = ownershipUserInfo();
  const plugin = createBackendPlugin({
    pluginId: 'idp-costs',
    register(env) {
      env.registerInit({
        deps: { httpAuth: coreServices.httpAuth, httpRouter: coreServices.httpRouter },
        async init({ httpAuth, httpRouter }) {
          httpRouter.use(await createBillingImportRouter({ httpAuth, userInfo, store, priceBook, auditor, maxUploadBytes: MAX_UPLOAD_BYTES }));
        },
      });
    },
  });
  ({ server } = await startTestBackend({ features: [plugin, mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() })] }));
});

beforeEach(() => {
  auditor.createEvent.mockClear();
});

describe('billing import API', () => {
  it('imports a CUR 2.0 CSV for a platform admin, lists and shows it, applies it once as a price period, and audits both', async () => {
    const res = await upload('erin', 'format=aws-cur-2.0-csv&fileName=cur-2026-11.csv', CUR_CSV);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      format: 'aws-cur-2.0-csv',
      fileName: 'cur-2026-11.csv',
      importedBy: 'user:default/erin',
      importedAt: expect.any(String),
      periodStart: '2026-11-01T00:00:00.000Z',
      periodEnd: '2026-11-02T00:00:00.000Z',
      rows: 2,
      matched: { cpu: 1, ram: 1, storage: 1 },
      derived: CUR_RATES,
      notes: [],
    });
    const { id } = res.body;
    const listed = await request(server).get('/api/idp-costs/price-imports').set(as('erin'));
    expect(listed.body.items.map((v: { id: string }) => v.id)).toContain(id);
    expect((await request(server).get(`/api/idp-costs/price-imports/${id}`).set(as('erin'))).body).toEqual(res.body);

    const applied = await request(server).post(`/api/idp-costs/price-imports/${id}/apply`).set(as('erin')).send({ effectiveFrom: '2026-12-01' });
    expect(applied.status).toBe(200);
    expect(applied.body.appliedFrom).toBe('2026-12-01');
    expect(periods).toEqual([{ effectiveFrom: '2026-12-01', prices: CUR_RATES, source: 'billing-import', importId: id }]);
    const again = await request(server).post(`/api/idp-costs/price-imports/${id}/apply`).set(as('erin')).send({ effectiveFrom: '2027-01-01' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(`Billing import ${id} was applied from 2026-12-01 already; import the file again to apply its prices from another date`);
    expect(periods).toHaveLength(1);

    const events = await auditEvents(auditor as any);
    expect(events.map(e => [e.eventId, e.status, e.meta.outcome])).toEqual([
      ['billing-import', 'succeeded', 'imported'],
      ['billing-import-apply', 'succeeded', 'applied'],
      ['billing-import-apply', 'failed', 'refused'],
    ]);
    expect(events[0].meta).toMatchObject({ format: 'aws-cur-2.0-csv', fileName: 'cur-2026-11.csv', importId: id, rows: 2 });
    expect(events[1].meta).toMatchObject({ importId: id, effectiveFrom: '2026-12-01', currency: 'USD' });
  });

  it('imports a gzip-compressed CSV, a GCP billing export and a CUR 2.0 Parquet file', async () => {
    const gzipped = await upload('erin', 'format=aws-cur-2.0-csv&fileName=cur.csv.gz', gzipSync(CUR_CSV));
    expect(gzipped.status).toBe(201);
    expect(gzipped.body.derived).toEqual(CUR_RATES);

    const gcp = await upload('erin', 'format=gcp-billing-csv&fileName=billing.csv', GCP_CSV);
    expect(gcp.status).toBe(201);
    expect(gcp.body.derived).toEqual({ currency: 'USD', cpuCoreHour: 0.04, ramGiBHour: 0.005, storageGiBMonth: 0.04 });
    expect(gcp.body.notes).toEqual(['No Compute Engine "PD Capacity" rows: storage keeps the current price (0.04 USD per GiB-month)']);

    const parquet = await upload('erin', 'format=aws-cur-2.0-parquet&fileName=cur-00001.snappy.parquet', await curParquet());
    expect(parquet.status).toBe(201);
    expect(parquet.body.derived).toEqual(CUR_RATES);
    expect(parquet.body.rows).toBe(2);
  });

  it('reads an upload streamed in chunks, and refuses one over the size limit with 413', async () => {
    const streamed = await streamUpload('erin', 'format=aws-cur-2.0-csv&fileName=big.csv', Readable.from(hours(60_000)));
    expect(streamed.status).toBe(201);
    expect(streamed.body.rows).toBe(60_000);
    expect(streamed.body.derived.cpuCoreHour).toBe(CUR_RATES.cpuCoreHour);

    const tooLarge = await streamUpload('erin', 'format=aws-cur-2.0-csv&fileName=huge.csv', Readable.from(hours(200_000)));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.message).toBe('The file is larger than 16 MB; export a shorter period (one month) or only the columns Slipway reads');
  });

  it('answers 400 naming what is wrong: the format, the file name, a missing column, a bad file, the date', async () => {
    const badFormat = await upload('erin', 'format=azure&fileName=x.csv', CUR_CSV);
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.error.message).toBe('format: Give the export\'s format: one of aws-cur-2.0-csv, aws-cur-2.0-parquet, gcp-billing-csv');
    const noName = await upload('erin', 'format=gcp-billing-csv', GCP_CSV);
    expect(noName.body.error.message).toBe("fileName: Give the exported file's name, e.g. fileName=cur-2026-11.csv.gz");

    const wrongFormat = await upload('erin', 'format=gcp-billing-csv&fileName=cur.csv', CUR_CSV);
    expect(wrongFormat.status).toBe(400);
    expect(wrongFormat.body.error.message).toMatch(/^body: The file has no column service\.description, sku\.description, usage_start_time, .* which every GCP Cloud Billing export has.*\(file cur\.csv\)$/);
    const cut = await upload('erin', 'format=aws-cur-2.0-csv&fileName=cut.csv', CUR_CSV.slice(0, CUR_HEADER.length + 90));
    expect(cut.body.error.message).toBe('body: Line 2: a quoted field is never closed; the file may be cut short (file cut.csv)');
    const notGzip = await upload('erin', 'format=aws-cur-2.0-csv&fileName=x.csv.gz', Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('not gzip at all')]));
    expect(notGzip.status).toBe(400);
    expect(notGzip.body.error.message).toMatch(/^The file starts like gzip but does not decompress/);

    const { id } = (await upload('erin', 'format=aws-cur-2.0-csv&fileName=ok.csv', CUR_CSV)).body;
    for (const body of [{}, { effectiveFrom: '1 Dec 2026' }, { effectiveFrom: '2026-02-30' }]) {
      const res = await request(server).post(`/api/idp-costs/price-imports/${id}/apply`).set(as('erin')).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^effectiveFrom: Give (the first day the prices apply|a real calendar day), as YYYY-MM-DD/);
    }
    const missing = await request(server).get('/api/idp-costs/price-imports/00000000-0000-0000-0000-000000000000').set(as('erin'));
    expect(missing.status).toBe(404);
  });

  it('refuses everyone but platform admins, tech leads included, and says who may', async () => {
    const { id } = (await upload('erin', 'format=aws-cur-2.0-csv&fileName=ok.csv', CUR_CSV)).body;
    const message = 'Billing imports set the prices every team is charged at: only platform admins (group platform-admins) see and make them; ask one of them';
    for (const user of ['bob', 'carol']) {
      const responses = [
        await upload(user, 'format=aws-cur-2.0-csv&fileName=cur.csv', CUR_CSV),
        await request(server).get('/api/idp-costs/price-imports').set(as(user)),
        await request(server).get(`/api/idp-costs/price-imports/${id}`).set(as(user)),
        await request(server).post(`/api/idp-costs/price-imports/${id}/apply`).set(as(user)).send({ effectiveFrom: '2026-12-01' }),
      ];
      expect(responses.map(r => [r.status, r.body.error?.message])).toEqual(responses.map(() => [403, message]));
    }
    expect((await request(server).get('/api/idp-costs/price-imports')).status).toBe(401);
    expect((await request(server).get(`/api/idp-costs/price-imports/${id}`).set(as('erin'))).body.appliedFrom).toBeUndefined();
    const events = await auditEvents(auditor as any);
    expect(events.filter(e => e.status === 'failed').map(e => [e.eventId, e.meta.outcome])).toEqual([
      ['billing-import', 'refused'],
      ['billing-import-apply', 'refused'],
      ['billing-import', 'refused'],
      ['billing-import-apply', 'refused'],
    ]);
  });
});
