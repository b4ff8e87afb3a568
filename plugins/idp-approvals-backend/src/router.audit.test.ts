/*
 * GET /audit against the real audit log store (SQLite): who sees which entries (platform admins
 * all, tech leads their teams', everyone their own actions), the filters, the pages, and 400 for
 * a bad filter.
 */
import { BackstageCredentials, coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { TestDatabases, mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuditLogStore, NewAuditEntry } from '@internal/plugin-idp-environments-node';
import request from 'supertest';
import { createRouter } from './router';
import { AuditEntryService } from './services/AuditEntryService';
import { DeployRequestService } from './services/DeployRequestService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

// The seeded organisation (PRODUCT.md): bob leads team-a, dave leads team-b, erin is a platform admin.
const GROUPS: Record<string, string[]> = {
  alice: ['group:default/team-a'],
  bob: ['group:default/team-a', 'group:default/team-a-leads'],
  carol: ['group:default/team-b'],
  dave: ['group:default/team-b', 'group:default/team-b-leads'],
  erin: ['group:default/platform-admins'],
};
const userInfo = {
  async getUserInfo(credentials: BackstageCredentials) {
    const userEntityRef = (credentials.principal as { userEntityRef: string }).userEntityRef;
    return { userEntityRef, ownershipEntityRefs: [userEntityRef, ...(GROUPS[userEntityRef.split('/')[1]] ?? [])] };
  },
};

const start = Date.parse('2025-01-10T12:00:00Z');
const entry = (minute: number, team: string | undefined, actor: string, eventId = 'environment-create'): NewAuditEntry => ({
  at: new Date(start + minute * 60_000).toISOString(),
  plugin: 'idp-environments',
  eventId,
  severity: 'medium',
  actor: `user:default/${actor}`,
  status: 'succeeded',
  team,
  namespace: team && `${team}-dev`,
  environment: team && 'dev',
  meta: {},
});

let server: Parameters<typeof request>[0];

beforeAll(async () => {
  const store = await AuditLogStore.create(await databases.init('SQLITE_3'));
  await store.recordAll([
    entry(0, 'team-a', 'alice'),
    entry(1, 'team-a', 'bob', 'deploy-request-decide'),
    entry(2, 'team-b', 'carol'),
    entry(3, 'team-b', 'alice', 'workload-scale'),
    entry(4, undefined, 'erin', 'quota-max-change'),
  ]);
  const auditEntries = AuditEntryService.create({ auditLog: store, userInfo: userInfo as any });
  const plugin = createBackendPlugin({
    pluginId: 'idp-approvals',
    register(env) {
      env.registerInit({
        deps: { httpAuth: coreServices.httpAuth, httpRouter: coreServices.httpRouter },
        async init({ httpAuth, httpRouter }) {
          httpRouter.use(await createRouter({ httpAuth, requests: {} as DeployRequestService, auditEntries }));
        },
      });
    },
  });
  ({ server } = await startTestBackend({ features: [plugin, mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() })] }));
});

const as = (user: string) => ({ Authorization: mockCredentials.user.header(`user:default/${user}`) });
const seen = async (user: string, query = '') => {
  const res = await request(server).get(`/api/idp-approvals/audit${query}`).set(as(user));
  expect(res.status).toBe(200);
  return res.body.items.map((i: { team?: string; actor: string }) => `${i.team ?? '-'} ${i.actor.replace('user:default/', '')}`);
};

describe('GET /audit', () => {
  it('shows a platform admin everything, a lead their teams’ entries and own actions, a developer their own actions', async () => {
    expect(await seen('erin')).toEqual(['- erin', 'team-b alice', 'team-b carol', 'team-a bob', 'team-a alice']);
    expect(await seen('bob')).toEqual(['team-a bob', 'team-a alice']);
    expect(await seen('dave')).toEqual(['team-b alice', 'team-b carol']);
    expect(await seen('alice')).toEqual(['team-b alice', 'team-a alice']);
    expect(await seen('carol')).toEqual(['team-b carol']);
  });

  it('filters by environment, user and action within what the caller may see', async () => {
    expect(await seen('erin', '?namespace=team-b-dev')).toEqual(['team-b alice', 'team-b carol']);
    expect(await seen('bob', '?actor=user:default/alice')).toEqual(['team-a alice']);
    expect(await seen('bob', '?team=team-b')).toEqual([]);
    expect(await seen('erin', '?action=deploy-request-decide')).toEqual(['team-a bob']);
  });

  it('pages with the previous page’s next value', async () => {
    const first = await request(server).get('/api/idp-approvals/audit?limit=2').set(as('erin'));
    expect(first.body.items).toHaveLength(2);
    const second = await request(server).get(`/api/idp-approvals/audit?limit=2&before=${first.body.next}`).set(as('erin'));
    const third = await request(server).get(`/api/idp-approvals/audit?limit=2&before=${second.body.next}`).set(as('erin'));
    expect([...first.body.items, ...second.body.items, ...third.body.items].map((i: { at: string }) => i.at)).toEqual(
      [4, 3, 2, 1, 0].map(m => new Date(start + m * 60_000).toISOString()),
    );
    expect(third.body.next).toBeUndefined();
  });

  it('refuses a caller without a token (401) and bad filters (400) naming the field', async () => {
    expect((await request(server).get('/api/idp-approvals/audit')).status).toBe(401);
    const res = await request(server).get('/api/idp-approvals/audit?team=Team_A&limit=500&before=yesterday').set(as('erin'));
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['before', 'limit', 'team']);
    expect(res.body.error.message).toContain('limit: Ask for at most 200 entries');
  });
});
