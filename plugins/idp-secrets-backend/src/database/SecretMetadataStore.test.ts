import { TestDatabases } from '@backstage/backend-test-utils';
import { SecretMetadataStore, SecretRecord } from './SecretMetadataStore';

// SQLite always; PostgreSQL when scripts/test-postgres.sh has started one (BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING).
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_18', 'POSTGRES_17', 'POSTGRES_16', 'POSTGRES_15', 'POSTGRES_14', 'POSTGRES_13'], disableDocker: true });

const record = (overrides: Partial<SecretRecord> = {}): SecretRecord => ({
  namespace: 'team-a-dev',
  name: 'db',
  team: 'team-a',
  version: 1,
  keys: [{ name: 'url', version: 1, updatedAt: '2026-12-01T10:00:00.000Z', updatedBy: 'user:default/alice' }],
  createdBy: 'user:default/alice',
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedBy: 'user:default/alice',
  updatedAt: '2026-12-01T10:00:00.000Z',
  ...overrides,
});

describe.each(databases.eachSupportedId())('SecretMetadataStore on %s', databaseId => {
  let store: SecretMetadataStore;
  beforeAll(async () => {
    const knex = await databases.init(databaseId);
    store = await SecretMetadataStore.create({ getClient: async () => knex } as any);
  });

  it('inserts once, updates only from the version read, and gives a reserved version back', async () => {
    expect(await store.insert(record())).toBe(true);
    expect(await store.insert(record())).toBe(false);
    const v2 = record({ version: 2, updatedBy: 'user:default/bob' });
    expect(await store.update(v2, 1)).toBe(true);
    expect(await store.update(record({ version: 2 }), 1)).toBe(false);
    await store.restore(record(), v2);
    expect((await store.get('team-a-dev', 'db'))?.version).toBe(1);
    expect(await store.list('team-a-dev')).toHaveLength(1);
  });

  it('finds due rotations and ended grace windows, and keeps the history newest first; a delete takes the history along', async () => {
    const policy = { everyDays: 7, graceHours: 1 };
    await store.insert(record({ name: 'due', generator: { spec: { kind: 'token', bytes: 32, encoding: 'hex' } }, rotation: policy, nextRotationAt: '2026-12-01T09:00:00.000Z' }));
    await store.insert(record({ name: 'grace', rotation: policy, nextRotationAt: '2026-12-30T00:00:00.000Z', previousUntil: '2026-12-01T09:30:00.000Z' }));
    await store.insert(record({ name: 'later', rotation: policy, nextRotationAt: '2026-12-30T00:00:00.000Z' }));
    expect((await store.dueForRotation(new Date('2026-12-01T10:00:00Z'), 10)).map(r => r.name).sort()).toEqual(['due', 'grace']);
    await store.addRotation('team-a-dev', 'due', { at: '2026-12-01T10:00:00.000Z', by: 'schedule', outcome: 'rotated', version: 2, restarted: ['Deployment/web'] });
    await store.addRotation('team-a-dev', 'due', { at: '2026-12-01T11:00:00.000Z', by: 'schedule', outcome: 'grace-ended', version: 3, restarted: [] });
    expect((await store.rotations('team-a-dev', 'due')).map(r => r.outcome)).toEqual(['grace-ended', 'rotated']);
    expect(await store.delete('team-a-dev', 'due', 1)).toBe(true);
    expect(await store.rotations('team-a-dev', 'due')).toEqual([]);
  });
});
