/*
 * Every route over samples written straight into SQLite: the real policy decides, the caller's teams
 * come from the seeded organisation (bob leads team-a, carol is in team-b, erin is a platform admin).
 */
import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { TestDatabases, mockCredentials, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ResourceObservation, costSamples } from '@internal/plugin-idp-costs-common';
import { Environment } from '@internal/plugin-idp-environments-common';
import { ownershipUserInfo, slipwayPolicyPermissions } from '@internal/plugin-permission-backend-module-slipway-policy/testUtils';
import request from 'supertest';
import { CostStore } from './database/CostStore';
import { createRouter } from './router';
import { AllocationService } from './services/AllocationService';
import { ChargebackService } from './services/ChargebackService';
import { PriceBook } from './services/PriceBook';
import { ShowbackService } from './services/ShowbackService';
import { CostSettings, DEFAULT_COST_SETTINGS } from './settings';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const GIB = 1024 ** 3;
const PRICES = { currency: 'USD', cpuCoreHour: 0.04, ramGiBHour: 0.005, storageGiBMonth: 0.1 };
const now = new Date('2026-03-10T12:00:00.000Z');
let store: CostStore;
let priceBook: PriceBook;
let server: Parameters<typeof request>[0];

const environments: Record<string, Environment> = {
  'team-a-dev': { team: 'team-a', name: 'dev', namespace: 'team-a-dev', type: 'development', owner: 'user:default/bob', createdAt: '2026-01-01T00:00:00Z', protected: false, phase: 'Active' },
  'team-b-dev': { team: 'team-b', name: 'dev', namespace: 'team-b-dev', type: 'development', owner: 'user:default/carol', createdAt: '2026-01-01T00:00:00Z', protected: false, phase: 'Active' },
};

const container = (namespace: string, app: string, cpuRequestCores: number, cpuUsageCores: number): ResourceObservation => ({
  line: 'workload',
  team: environments[namespace].team,
  namespace,
  environment: 'dev',
  type: 'development',
  app,
  container: 'app',
  pod: `${app}-1`,
  cpuRequestCores,
  cpuUsageCores,
  ramRequestBytes: GIB,
  ramUsageBytes: GIB / 8,
  storageBytes: 0,
});
const shared: ResourceObservation = { ...container('team-a-dev', 'ingress', 1, 0.2), line: 'shared', team: '', namespace: 'kube-system', environment: '', type: '' };

/** One sample an hour (60-minute interval) from Feb 26 to Mar 10 noon: costs per hour are round numbers. */
async function seed() {
  for (let t = Date.parse('2026-02-26T00:00:00Z'); t < now.getTime(); t += 3_600_000) {
    await store.recordSamples(
      costSamples({
        observations: [container('team-a-dev', 'web', 2, 0.1), container('team-a-dev', 'api', 0.5, 0.45), container('team-b-dev', 'shop', 1, 1), shared],
        capacity: { cpuCores: 8, ramBytes: 8 * GIB, requestedCpuCores: 4.5, requestedRamBytes: 4 * GIB },
        prices: priceBook.at(new Date(t)).prices,
        at: new Date(t).toISOString(),
        minutes: 60,
      }),
    );
  }
}

async function start(settings: CostSettings) {
  const plugin = createBackendPlugin({
    pluginId: 'idp-costs',
    register(env) {
      env.registerInit({
        deps: { httpAuth: coreServices.httpAuth, httpRouter: coreServices.httpRouter },
        async init({ httpAuth, httpRouter }) {
          httpRouter.use(
            await createRouter({
              httpAuth,
              userInfo: ownershipUserInfo(),
              permissions: slipwayPolicyPermissions({ environmentOf: ns => environments[ns] }),
              priceBook,
              showback: new ShowbackService({ store, priceBook, settings }),
              chargeback: new ChargebackService({ store, priceBook, settings }),
              allocation: new AllocationService({ store }),
              now: () => now,
            }),
          );
        },
      });
    },
  });
  return (await startTestBackend({ features: [plugin] })).server;
}

const get = (path: string, user: string) => request(server).get(`/api/idp-costs${path}`).set('Authorization', mockCredentials.user.header(`user:default/${user}`));
// Per hour: web 2 cores × 0.04 + 1 GiB × 0.005 = 0.085; api 0.5 × 0.04 + 0.005 = 0.025; shop 0.045; shared 0.045.
const WEB = 0.085;
const API = 0.025;

beforeAll(async () => {
  store = await CostStore.create({ getClient: async () => databases.init('SQLITE_3') } as any);
  // The price of CPU doubles from March 5: earlier samples keep the old price.
  priceBook = await PriceBook.create(new ConfigReader({ slipway: { costs: { prices: PRICES, pricePeriods: [{ effectiveFrom: '2026-03-05', cpuCoreHour: 0.08 }] } } }), store);
  await seed();
  server = await start({ ...DEFAULT_COST_SETTINGS, budgets: { 'team-a': 50 } });
});

describe('the costs API', () => {
  it('serves the price sheet with every period', async () => {
    const res = await get('/price-sheet', 'carol');
    expect(res.status).toBe(200);
    expect(res.body.current).toEqual({ ...PRICES, cpuCoreHour: 0.08 });
    expect(res.body.periods.map((p: any) => [p.effectiveFrom, p.source])).toEqual([
      ['1970-01-01T00:00:00.000Z', 'config'],
      ['2026-03-05T00:00:00.000Z', 'config'],
    ]);
  });

  it("shows a team's daily cost by app, computed at each sample's prices", async () => {
    // Right-sizing is refreshed by its scheduled task; the showback reads what it stored.
    expect(await new ShowbackService({ store, priceBook, settings: DEFAULT_COST_SETTINGS }).refreshRightSizing(new Date('2026-03-06T00:00:00Z'))).toBeGreaterThan(0);
    const res = await get('/teams/team-a/showback?from=2026-03-04&to=2026-03-05&by=app', 'alice');
    expect(res.status).toBe(200);
    expect(res.body.daily[0].groups.web).toBeCloseTo(24 * WEB, 10);
    // From March 5 CPU costs twice as much: web's 2 cores add 0.08 an hour.
    expect(res.body.daily[1].groups.web).toBeCloseTo(24 * (WEB + 0.08), 10);
    expect(res.body.topApps.map((a: any) => a.app)).toEqual(['web', 'api']);
    expect(res.body.efficiency.cpu).toBeCloseTo((0.1 + 0.45) / 2.5, 10);
    expect(res.body.monthToDate).toBeGreaterThan(0);
    expect(res.body.budget.monthly).toBe(50);
    expect(res.body.rightSizing).toContainEqual(expect.objectContaining({ app: 'web', resource: 'cpu', request: '2000m', p95Usage: '100m', suggested: '150m' }));
    expect(res.body.spread).toBeUndefined();
  });

  it("answers 404 for another team's costs and 400 naming a bad parameter", async () => {
    expect((await get('/teams/team-a/showback', 'carol')).status).toBe(404);
    expect((await get('/apps/team-a/web', 'carol')).status).toBe(404);
    expect((await get('/teams/team-a/chargeback/2026-02', 'carol')).status).toBe(404);
    const bad = await get('/teams/team-a/showback?from=2026-3-1&by=team', 'bob');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/from: write a UTC date as YYYY-MM-DD/);
    expect(bad.body.error.message).toMatch(/by: /);
  });

  it('shows platform admins every team with the idle and shared lines; others get 403', async () => {
    const denied = await get('/showback', 'bob');
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(/Only platform admins see every team's costs/);
    const res = await get('/showback?from=2026-03-01&to=2026-03-01', 'erin');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.daily[0].groups).sort()).toEqual(['idle', 'shared', 'team-a', 'team-b']);
    expect(res.body.shared).toBeCloseTo(24 * 0.045, 10);
    // Idle: 3.5 cores and 4 GiB nobody requested.
    expect(res.body.idle).toBeCloseTo(24 * (3.5 * 0.04 + 4 * 0.005), 10);
    expect(res.body.teams.find((t: any) => t.team === 'team-a').budget).toBe(50);
  });

  it("shows an app's cost and run-rate, and run-rates only of readable environments", async () => {
    const app = await get('/apps/team-a/api?days=3', 'alice');
    expect(app.status).toBe(200);
    expect(app.body.daily).toHaveLength(3);
    expect(app.body.byEnvironment[0]).toMatchObject({ namespace: 'team-a-dev', type: 'development' });
    expect(app.body.monthlyRunRate).toBeCloseTo((0.5 * 0.08 + 0.005) * 730, 8);
    const rates = await get('/environments/run-rates', 'carol');
    expect(rates.body.items.map((i: any) => i.namespace)).toEqual(['team-b-dev']);
  });

  it('lists chargeback months, closes an ended month once and serves it as CSV', async () => {
    const months = await get('/teams/team-a/chargeback', 'bob');
    expect(months.body).toEqual({ team: 'team-a', months: [{ month: '2026-03', status: 'open' }, { month: '2026-02', status: 'closed' }] });
    const feb = await get('/teams/team-a/chargeback/2026-02', 'bob');
    expect(feb.body).toMatchObject({ team: 'team-a', month: '2026-02', status: 'closed', currency: 'USD' });
    expect(feb.body.total).toBeCloseTo(3 * 24 * (WEB + API), 10);
    // A late price period and a late sample do not change a closed month.
    await priceBook.addPeriod({ effectiveFrom: '2026-02-01', prices: { ...PRICES, cpuCoreHour: 1 }, source: 'billing-import', importId: 'late' });
    await store.recordSamples(costSamples({ observations: [container('team-a-dev', 'web', 2, 0.1)], prices: PRICES, at: '2026-02-28T23:00:00.000Z', minutes: 60 }));
    expect((await get('/teams/team-a/chargeback/2026-02', 'bob')).body).toEqual(feb.body);
    const csv = await get('/teams/team-a/chargeback/2026-02?format=csv', 'bob');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="chargeback-team-a-2026-02.csv"');
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('namespace,environment,type,app,cpu,ram,storage,total,currency');
    expect(lines[1]).toBe(`team-a-dev,dev,development,api,${(72 * 0.02).toFixed(6)},${(72 * 0.005).toFixed(6)},0.000000,${(72 * API).toFixed(6)},USD`);
    expect(lines).toContain('# price sheet from 1970-01-01T00:00:00.000Z (config): cpuCoreHour=0.04 ramGiBHour=0.005 storageGiBMonth=0.1 USD');
    expect((await get('/teams/team-a/chargeback/2026-13', 'bob')).status).toBe(400);
    expect((await get('/teams/team-a/chargeback/2026-02?format=xml', 'bob')).status).toBe(400);
  });

  it('answers in the shape of OpenCost’s allocation API, scoped to the caller’s teams', async () => {
    const res = await get('/allocation/compute?window=2026-03-01T00:00:00Z,2026-03-03T00:00:00Z&aggregate=app&step=1d', 'bob');
    expect(res.status).toBe(200);
    expect(res.body.code).toBe(200);
    expect(res.body.data).toHaveLength(2);
    expect(Object.keys(res.body.data[0]).sort()).toEqual(['api', 'web']);
    const web = res.body.data[0].web;
    expect(web).toMatchObject({ name: 'web', window: { start: '2026-03-01T00:00:00Z', end: '2026-03-02T00:00:00Z' }, minutes: 1440, cpuCoreRequestAverage: 2 });
    expect(web.cpuCoreUsageAverage).toBeCloseTo(0.1, 12);
    expect(web.cpuEfficiency).toBeCloseTo(0.05, 10);
    expect(web.totalCost).toBeCloseTo(24 * WEB, 10);
    const admin = await get('/allocation/compute?window=2026-03-01T00:00:00Z,2026-03-01T02:00:00Z&aggregate=team&accumulate=true', 'erin');
    expect(Object.keys(admin.body.data[0]).sort()).toEqual(['__idle__', '__shared__', 'team-a', 'team-b']);
    expect(admin.body.data[0]['team-a'].totalCost).toBeCloseTo(2 * (WEB + API), 10);
    for (const [query, field] of [
      ['', 'window'],
      ['window=7x', 'window'],
      ['window=7d&aggregate=pod', 'aggregate'],
      ['window=7d&step=5m', 'step'],
      ['window=7d&accumulate=yes', 'accumulate'],
    ]) {
      const bad = await get(`/allocation/compute?${query}`, 'bob');
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(new RegExp(`^${field}: `));
    }
  });

  it('spreads idle and shared over teams in proportion to their cost when configured', async () => {
    const spreading = await start({ ...DEFAULT_COST_SETTINGS, spreadIdleAndShared: true });
    const res = await request(spreading).get('/api/idp-costs/teams/team-b/showback?from=2026-03-01&to=2026-03-01').set('Authorization', mockCredentials.user.header('user:default/carol'));
    const teamA = 24 * (WEB + API);
    const teamB = 24 * 0.045;
    const idle = 24 * (3.5 * 0.04 + 4 * 0.005);
    expect(res.body.spread.idle).toBeCloseTo((idle * teamB) / (teamA + teamB), 10);
    expect(res.body.spread.shared).toBeCloseTo((24 * 0.045 * teamB) / (teamA + teamB), 10);
  });
});
