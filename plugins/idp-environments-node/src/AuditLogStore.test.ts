import { TestDatabases } from '@backstage/backend-test-utils';
import knex from 'knex';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLogStore } from './AuditLogStore';
import { NewAuditEntry } from './auditLog';

jest.setTimeout(60_000);

// SQLite always; PostgreSQL when scripts/test-postgres.sh has started one and named it in
// BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING (there is no Docker to start one here).
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_18', 'POSTGRES_17', 'POSTGRES_16', 'POSTGRES_15', 'POSTGRES_14', 'POSTGRES_13'], disableDocker: true });
const start = Date.parse('2025-01-10T12:00:00Z');

const entry = (minute: number, overrides: Partial<NewAuditEntry> = {}): NewAuditEntry => ({
  at: new Date(start + minute * 60_000).toISOString(),
  plugin: 'idp-environments',
  eventId: 'environment-create',
  severity: 'medium',
  actor: 'user:default/alice',
  status: 'succeeded',
  team: 'team-a',
  namespace: 'team-a-dev',
  environment: 'dev',
  meta: { team: 'team-a', ttlDays: 7 },
  ...overrides,
});

describe.each(databases.eachSupportedId())('AuditLogStore on %s', databaseId => {
  let store: AuditLogStore;
  beforeAll(async () => {
    store = await AuditLogStore.create(await databases.init(databaseId));
    await store.recordAll([
      entry(0),
      entry(1, { actor: 'user:default/bob', eventId: 'deploy-request-decide', plugin: 'idp-approvals', app: 'web', namespace: 'team-a-prod', environment: 'prod' }),
      entry(2, { team: 'team-b', namespace: 'team-b-dev', actor: 'user:default/carol', status: 'refused', error: 'NotAllowedError: You may not …' }),
      entry(3, { team: undefined, namespace: undefined, environment: undefined, actor: 'janitor', eventId: 'janitor-delete' }),
      entry(4, { team: 'team-b', namespace: 'team-b-dev', actor: 'user:default/alice', status: 'failed', error: 'Error: boom' }),
    ]);
  });

  it('reads entries back newest first, as they were recorded', async () => {
    const { items, next } = await store.list({ scope: { all: true }, limit: 10 });
    expect(items.map(i => i.at)).toEqual([4, 3, 2, 1, 0].map(m => new Date(start + m * 60_000).toISOString()));
    expect(next).toBeUndefined();
    expect(items[2]).toEqual({
      id: expect.any(String),
      at: '2025-01-10T12:02:00.000Z',
      plugin: 'idp-environments',
      eventId: 'environment-create',
      severity: 'medium',
      actor: 'user:default/carol',
      status: 'refused',
      team: 'team-b',
      namespace: 'team-b-dev',
      environment: 'dev',
      app: undefined,
      meta: { team: 'team-a', ttlDays: 7 },
      error: 'NotAllowedError: You may not …',
    });
  });

  it('limits a scope to its teams plus the caller’s own actions', async () => {
    const { items } = await store.list({ scope: { teams: ['team-a'], actor: 'user:default/alice' }, limit: 10 });
    // team-a's two entries, and alice's failed action on team-b's environment.
    expect(items.map(i => [i.team, i.actor])).toEqual([
      ['team-b', 'user:default/alice'],
      ['team-a', 'user:default/bob'],
      ['team-a', 'user:default/alice'],
    ]);
    expect((await store.list({ scope: { teams: [], actor: 'user:default/dave' }, limit: 10 })).items).toEqual([]);
  });

  it('filters by team, namespace, actor and action, every condition at once', async () => {
    const all = { all: true } as const;
    expect((await store.list({ scope: all, team: 'team-b', limit: 10 })).items).toHaveLength(2);
    expect((await store.list({ scope: all, namespace: 'team-a-prod', limit: 10 })).items.map(i => i.actor)).toEqual(['user:default/bob']);
    expect((await store.list({ scope: all, actor: 'janitor', limit: 10 })).items.map(i => i.eventId)).toEqual(['janitor-delete']);
    expect((await store.list({ scope: all, eventId: 'environment-create', actor: 'user:default/alice', limit: 10 })).items).toHaveLength(2);
    expect((await store.list({ scope: all, eventId: 'environment-create', namespace: 'team-a-prod', limit: 10 })).items).toEqual([]);
  });

  it('pages by (time, id) without skipping or repeating entries recorded in the same millisecond', async () => {
    const same = new Date(start + 3_600_000).toISOString();
    await store.recordAll([1, 2, 3, 4, 5].map(n => entry(0, { at: same, team: 'team-page', meta: { n } })));
    const seen: unknown[] = [];
    let before;
    for (let page = 0; page < 5; page++) {
      const result = await store.list({ scope: { all: true }, team: 'team-page', limit: 2, before });
      seen.push(...result.items.map(i => i.meta.n));
      before = result.next;
      if (!before) break;
    }
    expect(seen).toEqual([5, 4, 3, 2, 1]);
    expect(before).toBeUndefined();
  });

  it('records one entry at a time, as the auditors do', async () => {
    for (const n of [1, 2, 3]) await store.record(entry(120 + n, { team: 'team-single', meta: { n }, error: n === 2 ? 'Error: second' : undefined }));
    const { items } = await store.list({ scope: { all: true }, team: 'team-single', limit: 10 });
    expect(items.map(i => [i.meta.n, i.error])).toEqual([[3, undefined], [2, 'Error: second'], [1, undefined]]);
  });
});

describe('AuditLogStore on a SQLite file (the embedded default)', () => {
  let dir: string;
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('keeps the file in write-ahead-log mode, so a commit does not sync the rollback journal', async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-sqlite-'));
    const filename = join(dir, 'slipway-audit.sqlite');
    const db = knex({ client: 'better-sqlite3', connection: { filename }, useNullAsDefault: true });
    try {
      const store = await AuditLogStore.create(db);
      await store.record(entry(0));
      expect(await db.raw('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect((await store.list({ scope: { all: true }, limit: 10 })).items).toHaveLength(1);
    } finally {
      await db.destroy();
    }
    // The mode is the file's: a new connection finds it.
    const again = knex({ client: 'better-sqlite3', connection: { filename }, useNullAsDefault: true });
    try {
      expect(await again.raw('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    } finally {
      await again.destroy();
    }
  });
});
