/*
 * Request rate, errors and latency through the real plugin, a real Prometheus (built from source,
 * cluster/build-prometheus.sh) and the real local control plane. KWOK's pods serve no HTTP, so a
 * small exporter stands in for the app's own /metrics: it reports the Deployment's real pod names
 * (read from the cluster) with a known traffic shape, and Prometheus scrapes it as it would scrape
 * the pods: every figure on the panel comes from PromQL over what Prometheus stored.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { LocalPrometheus, ensureLocalCluster, freePort, loadKubeConfig, startLocalPrometheus } from '@internal/local-cluster';
import { renderEnvironment, resolveEnvironmentTypes } from '@internal/plugin-idp-environments-common';
import { AppsV1Api, CoreV1Api, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { alice, carol, eventually, startWorkloadsBackend } from './__testUtils__/realBackend';
import { PrometheusRed } from './services/PrometheusRed';
import { DEFAULT_RED_QUERIES } from './services/redQueries';

jest.setTimeout(30 * 60_000);

const tag = randomBytes(3).toString('hex');
const namespace = `team-a-red-${tag}`;

// The traffic the exporter reports: 20 requests/s, 5% failing, latencies spread over buckets so
// that the 95th percentile falls at 0.1 + (0.95 - 0.90) / (0.96 - 0.90) × 0.15 s = 225 ms.
const REQUESTS_PER_SECOND = 20;
const ERROR_SHARE = 0.05;
const BUCKETS: Array<[string, number]> = [
  ['0.05', 0.5],
  ['0.1', 0.9],
  ['0.25', 0.96],
  ['0.5', 1],
  ['+Inf', 1],
];

// rate() over the default 2 minutes reads low until 2 minutes of samples exist; the test's
// Prometheus is seconds old, so the rates look at 10 s (and this also exercises configured queries).
const SHORT_WINDOW_QUERIES = {
  requestRate: 'sum(rate(http_requests_total{namespace="{{namespace}}",pod=~"{{pods}}"}[10s]))',
  errorRate: 'sum(rate(http_requests_total{namespace="{{namespace}}",pod=~"{{pods}}",code=~"5.."}[10s]))',
};

let server: Parameters<typeof request>[0];
let exporter: http.Server;
let prometheus: LocalPrometheus;
let core: CoreV1Api;
let pods: string[] = [];

/** Prometheus text format for the pods, counters growing with the time since the exporter started. */
function exposition(since: number): string {
  const seconds = (Date.now() - since) / 1000;
  const lines = ['# TYPE http_requests_total counter', '# TYPE http_request_duration_seconds histogram'];
  for (const pod of pods) {
    const labels = `namespace="${namespace}",pod="${pod}"`;
    const total = REQUESTS_PER_SECOND * seconds;
    lines.push(`http_requests_total{${labels},code="200"} ${total * (1 - ERROR_SHARE)}`);
    lines.push(`http_requests_total{${labels},code="500"} ${total * ERROR_SHARE}`);
    for (const [le, share] of BUCKETS) lines.push(`http_request_duration_seconds_bucket{${labels},le="${le}"} ${total * share}`);
    lines.push(`http_request_duration_seconds_count{${labels}} ${total}`);
  }
  return `${lines.join('\n')}\n`;
}

const as = (user: string) => ({
  Authorization: mockCredentials.user.header(user),
});
const get = (path: string, user = alice) => request(server).get(`/api/idp-workloads${path}`).set(as(user));

beforeAll(async () => {
  const local = await ensureLocalCluster();
  const kc = loadKubeConfig(local.adminKubeconfig);
  core = kc.makeApiClient(CoreV1Api);
  const writer = KubernetesObjectApi.makeApiClient(kc);
  const settings = resolveEnvironmentTypes(undefined).find(t => t.type === 'development')!;
  const objects = renderEnvironment({
    environment: {
      team: 'team-a',
      name: `red-${tag}`,
      type: 'development',
      owner: alice,
      createdAt: new Date().toISOString(),
      protected: false,
    },
    settings,
  });
  for (const object of objects) await writer.patch(object as any, undefined, undefined, 'slipway', true, PatchStrategy.ServerSideApply);
  await kc.makeApiClient(AppsV1Api).createNamespacedDeployment({
    namespace,
    body: {
      metadata: { name: 'web', labels: { 'slipway.dev/app': 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web', 'slipway.dev/app': 'web' } },
          spec: {
            securityContext: {
              runAsNonRoot: true,
              runAsUser: 10001,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [
              {
                name: 'web',
                image: 'registry.example.com/team-a/web:1.0.0',
                resources: {
                  requests: { cpu: '100m', memory: '128Mi' },
                  limits: { cpu: '500m', memory: '256Mi' },
                },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  capabilities: { drop: ['ALL'] },
                },
              },
            ],
          },
        },
      },
    },
  });
  pods = await eventually('the deployment’s 2 pods', async () => {
    const names = (await core.listNamespacedPod({ namespace, labelSelector: 'app=web' })).items.map(p => p.metadata!.name!);
    return names.length === 2 ? names : undefined;
  });

  const started = Date.now();
  exporter = http.createServer((_, res) => res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(exposition(started)));
  await new Promise<void>(ok => exporter.listen(0, '127.0.0.1', ok));
  prometheus = await startLocalPrometheus({
    targets: [`127.0.0.1:${(exporter.address() as AddressInfo).port}`],
  });

  server = await startWorkloadsBackend(local.backendKubeconfig, { prometheus: { url: prometheus.url, queries: SHORT_WINDOW_QUERIES } });
});

afterAll(async () => {
  await prometheus?.stop();
  exporter?.close();
  await core?.deleteNamespace({ name: namespace }).catch(() => undefined);
});

it('charts request rate, error percentage and p95 latency of each Deployment from Prometheus', async () => {
  const metrics = await get(`/environments/${namespace}/metrics`);
  expect(metrics.body.prometheus).toEqual({
    configured: true,
    url: prometheus.url,
  });

  const red = await eventually(
    'RED points for web',
    async () => {
      const res = await get(`/environments/${namespace}/red`);
      const web = res.body.workloads?.find((w: any) => w.workload.name === 'web');
      const rate = web?.requestsPerSecond.at(-1)?.value ?? 0;
      return rate > 2 * REQUESTS_PER_SECOND * 0.8 && web.latencyP95Ms.length > 0 ? res.body : undefined;
    },
    90_000,
  );
  expect(red).toMatchObject({ namespace, windowMs: 3_600_000, stepMs: 60_000 });
  const web = red.workloads.find((w: any) => w.workload.name === 'web');
  const latest = (points: Array<{ value: number }>) => points[points.length - 1].value;
  // Two pods at 20/s each; rate() extrapolates over a few samples, hence the tolerance.
  expect(latest(web.requestsPerSecond)).toBeGreaterThan(2 * REQUESTS_PER_SECOND * 0.8);
  expect(latest(web.requestsPerSecond)).toBeLessThan(2 * REQUESTS_PER_SECOND * 1.2);
  expect(latest(web.errorPercent)).toBeCloseTo(ERROR_SHARE * 100, 1);
  expect(latest(web.latencyP95Ms)).toBeCloseTo(225, 0);
  expect(web.requestsPerSecond[0].time).toMatch(/^\d{4}-\d{2}-\d{2}T/);
});

it('refuses another team, as for every other read', async () => {
  const res = await get(`/environments/${namespace}/red`, carol);
  expect(res.status).toBe(404);
  expect(res.body.error.message).toBe(`No environment ${namespace}`);
});

it('says which setting to fix when a configured query is wrong, and when Prometheus is unreachable', async () => {
  const broken = new PrometheusRed({
    url: prometheus.url,
    timeoutMs: 5000,
    queries: {
      ...DEFAULT_RED_QUERIES,
      errorRate: 'sum(rate(http_requests_total{namespace="{{namespace}}"[2m]))',
    },
  });
  await expect(broken.forEnvironment(namespace, [{ kind: 'Deployment', name: 'web' }])).rejects.toThrow(
    /Prometheus answered: .*parse error.*correct slipway\.workloads\.prometheus\.queries\.errorRate in app-config/s,
  );
  const port = await freePort();
  const away = new PrometheusRed({
    url: `http://127.0.0.1:${port}`,
    timeoutMs: 5000,
    queries: DEFAULT_RED_QUERIES,
  });
  const failure = await away.forEnvironment(namespace, [{ kind: 'Deployment', name: 'web' }]).catch(error => error);
  expect(failure.name).toBe('ServiceUnavailableError');
  expect(failure.message).toBe(
    `Prometheus at http://127.0.0.1:${port} could not be reached (ECONNREFUSED); check that it runs and that slipway.workloads.prometheus.url points at it`,
  );
});
