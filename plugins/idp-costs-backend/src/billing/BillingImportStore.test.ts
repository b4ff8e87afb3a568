import { TestDatabases } from '@backstage/backend-test-utils';
import { BillingImportView } from '@internal/plugin-idp-costs-common';
import { randomUUID } from 'node:crypto';
import { BillingImportStore } from './BillingImportStore';

// SQLite always; PostgreSQL when scripts/test-postgres.sh has started one and named it in
// BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING (there is no Docker to start one here).
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_18', 'POSTGRES_17', 'POSTGRES_16', 'POSTGRES_15', 'POSTGRES_14', 'POSTGRES_13'], disableDocker: true });

const anImport = (overrides: Partial<BillingImportView> = {}): BillingImportView => ({
  id: randomUUID(),
  format: 'aws-cur-2.0-csv',
  fileName: 'cur-2026-11.csv.gz',
  importedBy: 'user:default/erin',
  importedAt: '2026-12-01T09:30:00.000Z',
  periodStart: '2026-11-01T00:00:00.000Z',
  periodEnd: '2026-12-01T00:00:00.000Z',
  rows: 3_000_000_000,
  matched: { cpu: 120, ram: 120, storage: 0 },
  derived: { currency: 'USD', cpuCoreHour: 0.03227817677, ramGiBHour: 0.004277648693, storageGiBMonth: 0.04 },
  notes: ['No EBS VolumeUsage rows: storage keeps the current price (0.04 USD per GiB-month)'],
  ...overrides,
});

describe.each(databases.eachSupportedId())('BillingImportStore on %s', databaseId => {
  let store: BillingImportStore;
  beforeAll(async () => {
    const client = await databases.init(databaseId);
    store = await BillingImportStore.create({ getClient: async () => client } as any);
  });

  it('stores an import and reads it back as it was', async () => {
    const view = anImport();
    await store.insert(view);
    expect(await store.get(view.id)).toEqual({ ...view, appliedFrom: undefined });
    expect(await store.get(randomUUID())).toBeUndefined();
  });

  it('lists newest first', async () => {
    const older = anImport({ importedAt: '2026-12-02T08:00:00.000Z' });
    const newer = anImport({ importedAt: '2026-12-03T08:00:00.000Z', format: 'gcp-billing-csv' });
    await store.insert(older);
    await store.insert(newer);
    expect((await store.list()).slice(0, 2).map(v => v.id)).toEqual([newer.id, older.id]);
  });

  it('marks an import applied once, and takes the mark back only for the date it set', async () => {
    const view = anImport();
    await store.insert(view);
    expect(await store.markApplied(view.id, '2026-12-01', 'user:default/erin', new Date())).toBe(true);
    expect(await store.markApplied(view.id, '2027-01-01', 'user:default/erin', new Date())).toBe(false);
    expect((await store.get(view.id))?.appliedFrom).toBe('2026-12-01');
    await store.unmarkApplied(view.id, '2027-01-01');
    expect((await store.get(view.id))?.appliedFrom).toBe('2026-12-01');
    await store.unmarkApplied(view.id, '2026-12-01');
    expect((await store.get(view.id))?.appliedFrom).toBeUndefined();
  });
});
