import { TestDatabases } from '@backstage/backend-test-utils';
import { ChargebackReport, CostSample, ROLLUP_MEASURES, ResourceObservation, costSample, rollupSamples } from '@internal/plugin-idp-costs-common';
import { Knex } from 'knex';
import { CostStore } from './CostStore';

jest.setTimeout(60_000);

// SQLite always; PostgreSQL when scripts/test-postgres.sh has started one (BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING).
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_18', 'POSTGRES_17', 'POSTGRES_16', 'POSTGRES_15', 'POSTGRES_14', 'POSTGRES_13'], disableDocker: true });
const GIB = 1024 ** 3;
const prices = { currency: 'USD', cpuCoreHour: 0.04, ramGiBHour: 0.005, storageGiBMonth: 0.073 };

const observation = (pod: string, app: string, cpuUsageCores: number): ResourceObservation => ({
  line: 'workload',
  team: 'team-a',
  namespace: 'team-a-dev',
  environment: 'dev',
  type: 'development',
  app,
  container: 'app',
  pod,
  cpuRequestCores: 0.25,
  cpuUsageCores,
  ramRequestBytes: GIB / 2,
  ramUsageBytes: GIB / 4,
  storageBytes: 0,
});

/** Three runs an hour apart-ish: two in one hour, one in the next, with two replicas of web and one of api. */
function runs(): CostSample[][] {
  return ['2026-03-01T10:00:00.000Z', '2026-03-01T10:05:00.000Z', '2026-03-01T11:00:00.000Z'].map((at, i) =>
    [observation('web-1', 'web', 0.1 * i), observation('web-2', 'web', 0.5), observation('api-1', 'api', 0)].map(o => costSample(o, prices, at, 5)),
  );
}

describe.each(databases.eachSupportedId())('CostStore on %s', databaseId => {
  let store: CostStore;
  let client: Knex;
  beforeAll(async () => {
    client = await databases.init(databaseId);
    store = await CostStore.create({ getClient: async () => client } as any);
  });

  it('keeps hourly and daily rollups equal to the sum of the raw samples, run after run', async () => {
    const batches = runs();
    for (const batch of batches) await store.recordSamples(batch);
    const raw = await store.samples('2026-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z');
    expect(raw).toHaveLength(9);
    for (const resolution of ['hour', 'day'] as const) {
      const stored = await store.rollups(resolution, { from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z' });
      const expected = rollupSamples(raw, resolution);
      expect(stored).toHaveLength(expected.length);
      for (const row of expected) {
        const found = stored.find(s => s.bucket === row.bucket && s.app === row.app)!;
        for (const measure of ROLLUP_MEASURES) expect(Math.abs(found[measure] - row[measure])).toBeLessThanOrEqual(1e-12 * Math.max(1, row[measure]));
      }
    }
    const web = await store.rollups('day', { from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z', teams: ['team-a'], app: 'web', lines: ['workload'] });
    expect(web.map(r => r.samples)).toEqual([6]);
    expect(await store.firstBucket()).toBe('2026-03-01T00:00:00.000Z');
    expect(await store.monthsOf('team-a')).toEqual(['2026-03']);
  });

  it('prunes each resolution past its retention', async () => {
    const removed = await store.prune(new Date('2026-03-03T10:30:00.000Z'), { rawDays: 2, hourlyDays: 35, dailyDays: 400 });
    // Raw samples before 2026-03-01T10:30 go (the two 10:00 and 10:05 runs); the 11:00 run stays.
    expect(removed).toEqual({ cost_samples: 6, cost_rollups_hourly: 0, cost_rollups_daily: 0 });
    expect(await store.rollups('hour', { from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z' })).toHaveLength(4);
    expect((await store.prune(new Date('2027-06-01T00:00:00.000Z'), { rawDays: 2, hourlyDays: 35, dailyDays: 400 })).cost_rollups_daily).toBe(2);
  });

  it('stores a closed chargeback report once: a second close keeps the first', async () => {
    const report: ChargebackReport = {
      team: 'team-a',
      month: '2026-02',
      currency: 'USD',
      status: 'closed',
      closedAt: '2026-03-01T00:10:00.000Z',
      generatedAt: '2026-03-01T00:10:00.000Z',
      lines: [],
      total: 12.5,
      priceSheets: [],
    };
    expect(await store.closeChargebackReport(report)).toEqual(report);
    expect(await store.closeChargebackReport({ ...report, total: 99, generatedAt: '2026-03-02T00:00:00.000Z' })).toEqual(report);
    expect(await store.closedMonths('team-a')).toEqual(['2026-02']);
  });

  it('lets one claim of a budget notice per team and month succeed', async () => {
    const notice = { team: 'team-a', month: '2026-03', sentAt: '2026-03-10T00:00:00.000Z', forecast: 120, budget: 100 };
    const claims = await Promise.all([store.claimBudgetNotice(notice), store.claimBudgetNotice(notice)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.claimBudgetNotice({ ...notice, month: '2026-04' })).toBe(true);
  });

  it('keeps price periods added at run time', async () => {
    await store.addPricePeriod({ effectiveFrom: '2026-04-01T00:00:00.000Z', prices, source: 'billing-import', importId: 'imp-1' }, new Date());
    expect(await store.pricePeriods()).toEqual([{ effectiveFrom: '2026-04-01T00:00:00.000Z', prices, source: 'billing-import', importId: 'imp-1' }]);
  });
});
