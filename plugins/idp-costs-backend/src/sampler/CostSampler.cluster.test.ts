/*
 * The sampler against the local control plane: pods whose KWOK usage annotations are known, sampled
 * at controlled times, give exactly the expected cost (request-bound and usage-bound); the rollups
 * equal the raw samples; a task scheduled by two schedulers sharing one database runs once; and the
 * API over the sampled data lets team-a's lead in and keeps team-b's developer out.
 */
import { createBackendPlugin, coreServices } from '@backstage/backend-plugin-api';
import { DefaultSchedulerService } from '@backstage/backend-defaults/scheduler';
import { TestDatabases, mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ROLLUP_MEASURES, rollupSamples } from '@internal/plugin-idp-costs-common';
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { Environment, environmentFromNamespace, renderEnvironment, resolveEnvironmentTypes } from '@internal/plugin-idp-environments-common';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { ownershipUserInfo, slipwayPolicyPermissions } from '@internal/plugin-permission-backend-module-slipway-policy/testUtils';
import { CoreV1Api, CustomObjectsApi, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { CostStore } from '../database/CostStore';
import { createRouter } from '../router';
import { AllocationService } from '../services/AllocationService';
import { ChargebackService } from '../services/ChargebackService';
import { PriceBook } from '../services/PriceBook';
import { ShowbackService } from '../services/ShowbackService';
import { DEFAULT_COST_SETTINGS } from '../settings';
import { CostSampler } from './CostSampler';
import { MetricsServerUsage } from './UsageSource';

jest.setTimeout(240_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const tag = randomBytes(3).toString('hex');
const MI = 1024 ** 2;
const GIB = 1024 ** 3;
const PRICES = { currency: 'EUR', cpuCoreHour: 0.04, ramGiBHour: 0.005, storageGiBMonth: 0.1 };
const T0 = new Date('2026-03-02T10:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

let admin: KubernetesObjectApi;
let core: CoreV1Api;
let metrics: CustomObjectsApi;
let namespace = '';
let environment: Environment;
let store: CostStore;
let sampler: CostSampler;

/** A one-replica Deployment whose pod KWOK reports as using `usage`. */
async function deploy(name: string, requests: { cpu: string; memory: string }, usage: { cpu: string; memory: string }) {
  const labels = { 'app.kubernetes.io/name': name, 'slipway.dev/app': name, 'slipway.dev/team': 'team-a' };
  await admin.patch(
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: { 'slipway.dev/app': name } },
        template: {
          metadata: { labels, annotations: { 'kwok.x-k8s.io/usage-cpu': usage.cpu, 'kwok.x-k8s.io/usage-memory': usage.memory } },
          spec: {
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'app',
                image: 'registry.example.com/team-a/app:1.0.0',
                resources: { requests, limits: { cpu: '2', memory: '1Gi' } },
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
              },
            ],
          },
        },
      },
    } as any,
    undefined,
    undefined,
    'test',
    true,
    PatchStrategy.ServerSideApply,
  );
}

/** Waits until metrics-server reports both pods at their annotated usage. */
async function waitForUsage(expected: Record<string, string>) {
  const deadline = Date.now() + 150_000;
  for (;;) {
    const list = (await metrics.listNamespacedCustomObject({ group: 'metrics.k8s.io', version: 'v1beta1', namespace, plural: 'pods' })) as any;
    const seen = Object.fromEntries(list.items.map((p: any) => [p.metadata.name.split('-')[0], p.containers[0]?.usage.memory]));
    if (Object.entries(expected).every(([app, memory]) => seen[app] === memory)) return;
    if (Date.now() > deadline) throw new Error(`metrics-server did not report the pods' usage in time; saw ${JSON.stringify(seen)}`);
    await new Promise(resolve => setTimeout(resolve, 3000));
  }
}

beforeAll(async () => {
  const local = await ensureLocalCluster();
  const adminConfig = loadKubeConfig(local.adminKubeconfig);
  admin = KubernetesObjectApi.makeApiClient(adminConfig);
  core = adminConfig.makeApiClient(CoreV1Api);
  metrics = adminConfig.makeApiClient(CustomObjectsApi);
  const settings = resolveEnvironmentTypes(undefined).find(t => t.type === 'development')!;
  const objects = renderEnvironment({
    environment: { team: 'team-a', name: `cost-${tag}`, type: 'development', owner: 'user:default/bob', createdAt: new Date().toISOString(), protected: false },
    settings,
  });
  for (const object of objects) await admin.patch(object as any, undefined, undefined, 'slipway', true, PatchStrategy.ServerSideApply);
  namespace = objects[0].metadata.name;
  environment = environmentFromNamespace(objects[0] as any)!;
  // Request-bound: asks for more than it uses. Usage-bound: uses more than it asks for.
  await deploy('reqbound', { cpu: '500m', memory: '512Mi' }, { cpu: '100m', memory: '128Mi' });
  await deploy('usebound', { cpu: '100m', memory: '64Mi' }, { cpu: '300m', memory: '200Mi' });
  await waitForUsage({ reqbound: '128Mi', usebound: '200Mi' });

  const cluster = new ClusterAccess(loadKubeConfig(local.backendKubeconfig));
  store = await CostStore.create({ getClient: async () => databases.init('SQLITE_3') } as any);
  const priceBook = await PriceBook.create(new ConfigReader({ slipway: { costs: { prices: PRICES } } }), store);
  sampler = new CostSampler({
    cluster,
    usage: new MetricsServerUsage(cluster),
    store,
    priceBook,
    platformNamespaces: DEFAULT_COST_SETTINGS.platformNamespaces,
    intervalMinutes: 5,
    logger: mockServices.logger.mock(),
  });
});

afterAll(async () => {
  if (namespace) await core.deleteNamespace({ name: namespace }).catch(() => undefined);
});

describe('the cost sampler on the local cluster', () => {
  it('charges exactly max(request, usage) × price × 5 minutes, request-bound and usage-bound', async () => {
    await sampler.run(at(0));
    await sampler.run(at(5));
    const samples = (await store.samples(at(0).toISOString(), at(10).toISOString())).filter(s => s.namespace === namespace);
    expect(samples).toHaveLength(4);
    const hours = 5 / 60;
    const common = { line: 'workload', team: 'team-a', environment: environment.name, type: 'development', container: 'app', minutes: 5 };
    const requestBound = samples.filter(s => s.app === 'reqbound');
    const usageBound = samples.filter(s => s.app === 'usebound');
    expect(requestBound).toHaveLength(2);
    expect(usageBound).toHaveLength(2);
    for (const sample of requestBound) {
      expect(sample).toMatchObject({ ...common, cpuRequestCores: 0.5, cpuUsageCores: 0.1, ramRequestBytes: 512 * MI, ramUsageBytes: 128 * MI });
      expect(sample.cpuCost).toBeCloseTo(0.5 * 0.04 * hours, 14);
      expect(sample.ramCost).toBeCloseTo(0.5 * 0.005 * hours, 14);
    }
    for (const sample of usageBound) {
      expect(sample).toMatchObject({ ...common, cpuRequestCores: 0.1, cpuUsageCores: 0.3, ramRequestBytes: 64 * MI, ramUsageBytes: 200 * MI });
      expect(sample.cpuCost).toBeCloseTo(0.3 * 0.04 * hours, 14);
      expect(sample.ramCost).toBeCloseTo(((200 * MI) / GIB) * 0.005 * hours, 14);
    }
    // The idle line: one row per run, never negative.
    const idle = (await store.samples(at(0).toISOString(), at(10).toISOString())).filter(s => s.line === 'idle');
    expect(idle).toHaveLength(2);
    expect(idle.every(s => s.cpuCost >= 0 && s.ramCost >= 0)).toBe(true);
  });

  it('keeps the rollups equal to the raw samples', async () => {
    const raw = await store.samples(at(0).toISOString(), at(10).toISOString());
    for (const resolution of ['hour', 'day'] as const) {
      const stored = await store.rollups(resolution, { from: '2026-03-02T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' });
      const expected = rollupSamples(raw, resolution);
      expect(stored).toHaveLength(expected.length);
      for (const row of expected) {
        const found = stored.find(s => s.bucket === row.bucket && s.line === row.line && s.namespace === row.namespace && s.app === row.app && s.container === row.container)!;
        for (const measure of ROLLUP_MEASURES) expect(Math.abs(found[measure] - row[measure])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(row[measure])));
      }
    }
  });

  it('runs once per interval when two schedulers on one database schedule it', async () => {
    const knex = await databases.init('SQLITE_3');
    const runs: string[] = [];
    const noop = { add() {}, record() {}, set() {} };
    const metricsService = { createCounter: () => noop, createHistogram: () => noop, createGauge: () => noop, createUpDownCounter: () => noop } as any;
    const schedulers = [1, 2].map(() =>
      DefaultSchedulerService.create({
        database: { getClient: async () => knex },
        logger: mockServices.logger.mock(),
        rootLifecycle: mockServices.rootLifecycle.mock(),
        httpRouter: mockServices.httpRouter.mock(),
        pluginMetadata: { getId: () => 'idp-costs' },
        metrics: metricsService,
      } as any),
    );
    const abort = new AbortController();
    const cluster = sampler;
    for (const [i, scheduler] of schedulers.entries()) {
      const replica = `replica-${i + 1}`;
      await scheduler.scheduleTask({
        id: 'idp-costs-sample',
        frequency: { minutes: 5 },
        timeout: { minutes: 2 },
        signal: abort.signal,
        fn: async () => {
          runs.push(replica);
          await cluster.run(at(60));
        },
      });
    }
    // Both workers poll the task table every few seconds; without the lock each would run it now.
    await new Promise(resolve => setTimeout(resolve, 12_000));
    abort.abort();
    expect(runs).toHaveLength(1);
    const samples = (await store.samples(at(60).toISOString(), at(61).toISOString())).filter(s => s.namespace === namespace);
    expect(samples).toHaveLength(2);
  });

  it('shows team-a the sampled costs and team-b nothing of them', async () => {
    const priceBook = await PriceBook.create(new ConfigReader({ slipway: { costs: { prices: PRICES } } }), store);
    const settings = DEFAULT_COST_SETTINGS;
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
                permissions: slipwayPolicyPermissions({ environmentOf: ns => (ns === namespace ? environment : undefined) }),
                priceBook,
                showback: new ShowbackService({ store, priceBook, settings }),
                chargeback: new ChargebackService({ store, priceBook, settings }),
                allocation: new AllocationService({ store }),
                now: () => at(70),
              }),
            );
          },
        });
      },
    });
    const { server } = await startTestBackend({ features: [plugin] });
    const get = (path: string, user: string) => request(server).get(`/api/idp-costs${path}`).set('Authorization', mockCredentials.user.header(`user:default/${user}`));
    const bob = await get('/teams/team-a/showback?from=2026-03-02&to=2026-03-02&by=app', 'bob');
    expect(bob.status).toBe(200);
    const runs = (await store.samples(at(0).toISOString(), at(70).toISOString())).filter(s => s.app === 'reqbound').length;
    const expected = runs * (0.5 * 0.04 + 0.5 * 0.005 + 0.3 * 0.04 + (200 / 1024) * 0.005) * (5 / 60);
    expect(bob.body.daily[0].groups.reqbound + bob.body.daily[0].groups.usebound).toBeCloseTo(expected, 12);
    expect((await get('/teams/team-a/showback', 'carol')).status).toBe(404);
    expect((await get(`/apps/team-a/reqbound`, 'carol')).status).toBe(404);
    const rates = await get('/environments/run-rates', 'carol');
    expect(rates.body.items.map((i: { namespace: string }) => i.namespace)).not.toContain(namespace);
    const bobRates = await get('/environments/run-rates', 'bob');
    expect(bobRates.body.items.map((i: { namespace: string }) => i.namespace)).toContain(namespace);
  });
});
