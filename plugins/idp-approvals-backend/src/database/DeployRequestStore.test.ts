import { TestDatabases } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { DeployRequestStore, NewDeployRequest } from './DeployRequestStore';

jest.setTimeout(60_000);

// SQLite always; PostgreSQL when scripts/test-postgres.sh has started one and named it in
// BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING (there is no Docker to start one here).
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_18', 'POSTGRES_17', 'POSTGRES_16', 'POSTGRES_15', 'POSTGRES_14', 'POSTGRES_13'], disableDocker: true });
const now = new Date('2025-01-10T12:00:00Z');
const later = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString();

const newRequest = (overrides: Partial<NewDeployRequest> = {}): NewDeployRequest => ({
  id: randomUUID(),
  team: 'team-a',
  app: 'web',
  environment: 'prod',
  namespace: 'team-a-prod',
  type: 'production',
  requester: 'user:default/alice',
  reason: 'release 1.4.2',
  spec: { name: 'web', team: 'team-a' },
  manifests: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'team-a-prod' } }],
  digest: 'a'.repeat(64),
  liveVersions: { 'Service/team-a-prod/web': '' },
  diff: [{ kind: 'Service', name: 'web', change: 'added', lines: [{ op: '+', text: 'kind: "Service"' }] }],
  guardRails: { passed: true, violations: [] },
  resourceDelta: { cpuMillicores: 500, memoryBytes: 1024, replicas: 2 },
  createdAt: now.toISOString(),
  expiresAt: later(7),
  ...overrides,
});

describe.each(databases.eachSupportedId())('DeployRequestStore on %s', databaseId => {
  let store: DeployRequestStore;
  let client: Knex;
  beforeAll(async () => {
    client = await databases.init(databaseId);
    store = await DeployRequestStore.create({ getClient: async () => client } as any);
  });

  it('stores a request and reads it back as it was', async () => {
    const request = newRequest({ expertYaml: 'kind: Service' });
    await store.insert(request);
    expect(await store.get(request.id)).toEqual({ ...request, status: 'pending', decisions: [], claimedBy: undefined, claimedAt: undefined, outcome: undefined });
    expect(await store.get(randomUUID())).toBeUndefined();
  });

  it('lists newest first by team, requester and status', async () => {
    const older = newRequest({ team: 'team-x', createdAt: later(-1) });
    const newer = newRequest({ team: 'team-x', requester: 'user:default/bob' });
    await store.insert(older);
    await store.insert(newer);
    expect((await store.list({ teams: ['team-x'] })).map(r => r.id)).toEqual([newer.id, older.id]);
    expect((await store.list({ teams: ['team-x'], requester: 'user:default/bob' })).map(r => r.id)).toEqual([newer.id]);
    expect(await store.list({ teams: ['team-x'], status: 'applied' })).toEqual([]);
  });

  it('lists an app’s applied requests of one environment type with their manifests, and keeps what a rollback returns to', async () => {
    const first = newRequest({ team: 'team-r', createdAt: later(-2) });
    const rollback = newRequest({ team: 'team-r', rollbackOf: first.id });
    const staging = newRequest({ team: 'team-r', type: 'staging' });
    const pending = newRequest({ team: 'team-r' });
    for (const request of [first, rollback, staging, pending]) await store.insert(request);
    for (const request of [first, rollback, staging]) await store.transition(request.id, 'pending', 'applied', { at: now.toISOString(), message: 'Applied' });
    const applied = await store.listApplied({ team: 'team-r', app: 'web', type: 'production' });
    expect(applied.map(r => [r.id, r.rollbackOf])).toEqual([[rollback.id, first.id], [first.id, undefined]]);
    expect(applied[1].manifests).toEqual(first.manifests);
    expect(await store.listApplied({ team: 'team-r', app: 'api', type: 'production' })).toEqual([]);
  });

  it('approves at the quorum, counts each person once and refuses decisions on a closed request', async () => {
    const request = newRequest();
    await store.insert(request);
    const bob = { by: 'user:default/bob', decision: 'approve' as const, comment: 'ok', at: now.toISOString() };
    expect(await store.decide(request.id, bob, 2, now)).toEqual({ recorded: true, status: 'pending' });
    expect(await store.decide(request.id, bob, 2, now)).toEqual({ recorded: false, why: 'already-decided' });
    expect(await store.decide(request.id, { ...bob, by: 'user:default/dave' }, 2, now)).toEqual({ recorded: true, status: 'approved' });
    expect(await store.decide(request.id, { ...bob, by: 'user:default/erin', decision: 'reject' }, 2, now)).toEqual({ recorded: false, why: 'closed' });
    const stored = await store.get(request.id);
    expect(stored?.status).toBe('approved');
    expect(stored?.decisions.map(d => d.by)).toEqual(['user:default/bob', 'user:default/dave']);
  });

  it('lets one of a concurrent approval and rejection win, and stores only that decision', async () => {
    const request = newRequest();
    await store.insert(request);
    const results = await Promise.all([
      store.decide(request.id, { by: 'user:default/bob', decision: 'approve', comment: '', at: now.toISOString() }, 1, now),
      store.decide(request.id, { by: 'user:default/dave', decision: 'reject', comment: 'no', at: now.toISOString() }, 1, now),
    ]);
    expect(results.filter(r => r.recorded)).toHaveLength(1);
    expect(results.filter(r => !r.recorded)).toEqual([{ recorded: false, why: 'closed' }]);
    const stored = await store.get(request.id);
    expect(stored?.decisions).toHaveLength(1);
    expect(stored?.status).toBe(stored?.decisions[0].decision === 'approve' ? 'approved' : 'rejected');
  });

  it('hands an approved request to exactly one claimer, however many try at once', async () => {
    const request = newRequest();
    await store.insert(request);
    expect(await store.claim(request.id, 'replica-1', now)).toBe(false);
    await store.decide(request.id, { by: 'user:default/bob', decision: 'approve', comment: '', at: now.toISOString() }, 1, now);
    const claims = await Promise.all(['replica-1', 'replica-2', 'replica-3'].map(replica => store.claim(request.id, replica, now)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    const stored = await store.get(request.id);
    expect(stored).toMatchObject({ status: 'applying', claimedBy: `replica-${claims.indexOf(true) + 1}`, claimedAt: now.toISOString() });
    expect(await store.transition(request.id, 'applying', 'applied', { at: now.toISOString(), message: 'done', objects: ['Service/web'] })).toBe(true);
    expect(await store.transition(request.id, 'applying', 'failed')).toBe(false);
    expect((await store.get(request.id))?.outcome).toEqual({ at: now.toISOString(), message: 'done', objects: ['Service/web'] });
  });

  it('hands a grant to one of two backends with connection pools of their own on one database', async () => {
    // Two processes share a database, not a connection pool; an in-memory SQLite cannot be shared.
    if (!databaseId.startsWith('POSTGRES')) return;
    const other = knexFactory({ client: client.client.config.client, connection: client.client.config.connection, pool: { min: 0, max: 4 } });
    try {
      const otherStore = await DeployRequestStore.create({ getClient: async () => other } as any);
      const requests = Array.from({ length: 20 }, () => newRequest());
      for (const request of requests) {
        await store.insert(request);
        await store.decide(request.id, { by: 'user:default/bob', decision: 'approve', comment: '', at: now.toISOString() }, 1, now);
      }
      const claims = await Promise.all(requests.flatMap(r => [store.claim(r.id, 'backend-1', now), otherStore.claim(r.id, 'backend-2', now)]));
      for (let i = 0; i < requests.length; i++) expect([claims[2 * i], claims[2 * i + 1]].filter(Boolean)).toHaveLength(1);
    } finally {
      await other.destroy();
    }
  });

  it('expires pending requests past their expiry, and refuses deciding them', async () => {
    const due = newRequest({ expiresAt: later(-0.001) });
    const fresh = newRequest();
    await store.insert(due);
    await store.insert(fresh);
    expect(await store.decide(due.id, { by: 'user:default/bob', decision: 'approve', comment: '', at: now.toISOString() }, 1, now)).toEqual({ recorded: false, why: 'closed' });
    expect(await store.expireDue(now)).toEqual([due.id]);
    expect((await store.get(due.id))?.status).toBe('expired');
    expect((await store.get(fresh.id))?.status).toBe('pending');
  });
});
