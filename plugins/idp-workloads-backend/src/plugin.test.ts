/*
 * The workloads API through the real plugin against the real local control plane: the watch-fed
 * cache, Kubernetes RBAC by impersonation, logs, events, metrics, scale/restart/delete, and
 * another team's 404 on every endpoint (its environment looks absent, as everywhere).
 */
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { renderEnvironment, resolveEnvironmentTypes } from '@internal/plugin-idp-environments-common';
import { AppsV1Api, CoreV1Api, KubernetesObjectApi, PatchStrategy, RbacAuthorizationV1Api, V1Deployment, setHeaderOptions } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import request from 'supertest';
import { alice, carol, dave, eventually, startWorkloadsBackend } from './__testUtils__/realBackend';

jest.setTimeout(180_000);

const tag = randomBytes(3).toString('hex');
const namespace = `team-a-wl-${tag}`;
const drifted = `team-a-wd-${tag}`;

let server: Parameters<typeof request>[0];
const auditor = mockServices.auditor.mock();
let core: CoreV1Api;
let apps: AppsV1Api;

const deployment = (name: string, replicas: number): V1Deployment => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace, labels: { 'slipway.dev/app': name } },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name, 'slipway.dev/app': name }, annotations: { 'kwok.x-k8s.io/usage-cpu': '120m', 'kwok.x-k8s.io/usage-memory': '64Mi' } },
      spec: {
        securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [
          {
            name: 'web',
            image: `registry.example.com/team-a/${name}:1.0.0`,
            resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
          },
        ],
      },
    },
  },
});

const as = (user: string) => ({ Authorization: mockCredentials.user.header(user) });
const get = (path: string, user = alice) => request(server).get(`/api/idp-workloads${path}`).set(as(user));

beforeAll(async () => {
  const local = await ensureLocalCluster();
  const kc = loadKubeConfig(local.adminKubeconfig);
  core = kc.makeApiClient(CoreV1Api);
  apps = kc.makeApiClient(AppsV1Api);
  const writer = KubernetesObjectApi.makeApiClient(kc);
  const settings = resolveEnvironmentTypes(undefined).find(t => t.type === 'development')!;
  for (const name of [`wl-${tag}`, `wd-${tag}`]) {
    const objects = renderEnvironment({ environment: { team: 'team-a', name, type: 'development', owner: alice, createdAt: new Date().toISOString(), protected: false }, settings });
    for (const object of objects) await writer.patch(object as any, undefined, undefined, 'slipway', true, PatchStrategy.ServerSideApply);
  }
  // Drift: the second environment no longer grants team-a anything in Kubernetes.
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  for (const name of ['slipway-developers', 'slipway-leads']) await rbac.deleteNamespacedRoleBinding({ name, namespace: drifted });
  await apps.createNamespacedDeployment({ namespace, body: deployment('web', 2) });

  auditor.createEvent.mockImplementation(async () => ({ success: jest.fn(), fail: jest.fn() }));
  server = await startWorkloadsBackend(local.backendKubeconfig, { metricsIntervalSeconds: 5 }, [auditor.factory]);
});

afterAll(async () => {
  await Promise.all([namespace, drifted].map(name => core.deleteNamespace({ name }).catch(() => undefined)));
});

describe('status from the watch-fed cache', () => {
  it('shows the workload reaching 2/2 ready, its pods with node and age, and the namespace events', async () => {
    const status = await eventually('web 2/2 ready', async () => {
      const res = await get(`/environments/${namespace}`);
      const web = res.body.workloads?.find((w: any) => w.name === 'web');
      return web?.ready === 2 && web.rollout === 'complete' ? res.body : undefined;
    });
    expect(status.workloads[0]).toMatchObject({ kind: 'Deployment', name: 'web', app: 'web', desired: 2, ready: 2, problems: [] });
    expect(status.pods).toHaveLength(2);
    expect(status.pods[0]).toMatchObject({ phase: 'Running', status: 'Running', ready: '1/1', restarts: 0, workload: { kind: 'Deployment', name: 'web' } });
    expect(status.pods[0].node).toMatch(/^kwok-node-/);
    // Only what the page shows: no managedFields, no raw objects.
    expect(JSON.stringify(status)).not.toContain('managedFields');

    const events = await eventually('scheduling events', async () => {
      const res = await get(`/environments/${namespace}/events`);
      return res.body.items?.some((e: any) => e.reason === 'Scheduled') ? res.body.items : undefined;
    });
    expect(events[0]).toEqual(expect.objectContaining({ type: expect.any(String), object: expect.stringMatching(/\//) }));
    const aboutDeployment = await get(`/environments/${namespace}/events?object=Deployment/web`);
    expect(aboutDeployment.body.items.every((e: any) => e.object === 'Deployment/web')).toBe(true);

    const list = await get('/environments');
    expect(list.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ namespace, workloads: 1, healthy: 1, pods: 2 })]));
  });

  it('reads logs as the user: the tail, a search, and a live follow', async () => {
    const { pods } = (await get(`/environments/${namespace}`)).body;
    const pod = pods[0].name;
    const tail = await get(`/environments/${namespace}/logs?pod=${pod}&tailLines=5`);
    expect(tail.status).toBe(200);
    expect(tail.body.lines.length).toBeGreaterThan(0);
    expect(tail.body.lines.length).toBeLessThanOrEqual(5);
    expect(tail.body.lines[0].time).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const bad = await get(`/environments/${namespace}/logs?pod=${pod}&tailLines=0`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/tailLines: Give a whole number of lines from 1 to 5000/);

    // Follow: NDJSON lines arrive while the request stays open; leaving closes the upstream watch.
    const { port } = (server as unknown as import('node:http').Server).address() as import('node:net').AddressInfo;
    const lines: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${lines.length} lines while following`)), 20_000);
      const req = http.get(`http://127.0.0.1:${port}/api/idp-workloads/environments/${namespace}/logs?pod=${pod}&tailLines=2&follow=true`, { headers: as(alice) }, res => {
        expect(res.headers['content-type']).toMatch(/application\/x-ndjson/);
        res.on('data', (chunk: Buffer) => {
          lines.push(...chunk.toString().split('\n').filter(Boolean));
          // Two from the tail, then at least one written after the request started.
          if (lines.length >= 3) {
            clearTimeout(timer);
            req.destroy();
            resolve();
          }
        });
      });
      req.on('error', error => (lines.length >= 3 ? undefined : reject(error)));
    });
    expect(JSON.parse(lines[0])).toEqual(expect.objectContaining({ text: expect.any(String) }));
  });

  it('keeps an hour of CPU and memory per pod and per workload, with requests and limits', async () => {
    const metrics = await eventually(
      'pod metrics from metrics-server',
      async () => {
        const res = await get(`/environments/${namespace}/metrics`);
        const web = res.body.workloads?.find((w: any) => w.workload.name === 'web');
        return web?.usage.points.length > 0 && web.usage.points.at(-1).pods === 2 ? res.body : undefined;
      },
      90_000,
    );
    const web = metrics.workloads.find((w: any) => w.workload.name === 'web');
    expect(web.usage.points.at(-1).cpuMillicores).toBeGreaterThanOrEqual(200);
    expect(web.usage.requests).toEqual(expect.objectContaining({ cpuMillicores: 200 }));
    expect(metrics.pods).toHaveLength(2);
    expect(metrics.prometheus).toEqual({ configured: false, hint: expect.stringContaining('slipway.workloads.prometheus.url') });
    const red = await get(`/environments/${namespace}/red`);
    expect(red.status).toBe(404);
    expect(red.body.error.message).toMatch(/need Prometheus: set slipway.workloads.prometheus.url/);
  });
});

describe('failures explained', () => {
  it('says in words that a new rollout crash-loops, and what to do', async () => {
    await apps.createNamespacedDeployment({ namespace, body: deployment('api', 1) });
    await apps.patchNamespacedDeployment(
      { name: 'api', namespace, body: { spec: { template: { metadata: { annotations: { 'slipway.dev/simulate': 'crash-loop', 'slipway.dev/simulate-interval': '1s' } } } } } },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    const api = await eventually('a CrashLoopBackOff problem on api', async () => {
      const res = await get(`/environments/${namespace}`);
      const workload = res.body.workloads?.find((w: any) => w.name === 'api');
      return workload?.problems.some((p: any) => p.reason === 'CrashLoopBackOff') ? workload : undefined;
    });
    const crash = api.problems.find((p: any) => p.reason === 'CrashLoopBackOff');
    expect(crash.message).toMatch(/exit|crash|restart/i);
    expect(crash.message).toMatch(/log/i);
    const pods = (await get(`/environments/${namespace}`)).body.pods.filter((p: any) => p.workload?.name === 'api');
    expect(pods.some((p: any) => p.status === 'CrashLoopBackOff')).toBe(true);
  });
});

describe('actions, as the user', () => {
  it('scales within the environment type’s limits, restarts with a rollout, deletes a pod', async () => {
    const scaled = await request(server).post(`/api/idp-workloads/environments/${namespace}/deployments/web/scale`).set(as(alice)).send({ replicas: 3 });
    expect(scaled.status).toBe(202);
    expect((await apps.readNamespacedDeployment({ name: 'web', namespace })).spec?.replicas).toBe(3);
    const tooMany = await request(server).post(`/api/idp-workloads/environments/${namespace}/deployments/web/scale`).set(as(alice)).send({ replicas: 500 });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/replicas: A development environment holds at most 20 pods/);

    const restarted = await request(server).post(`/api/idp-workloads/environments/${namespace}/deployments/web/restart`).set(as(alice));
    expect(restarted.status).toBe(202);
    const template = (await apps.readNamespacedDeployment({ name: 'web', namespace })).spec?.template.metadata?.annotations;
    expect(template?.['kubectl.kubernetes.io/restartedAt']).toMatch(/^\d{4}-/);

    const pod = (await core.listNamespacedPod({ namespace })).items[0].metadata!.name!;
    const deleted = await request(server).delete(`/api/idp-workloads/environments/${namespace}/pods/${pod}`).set(as(alice));
    expect(deleted.status).toBe(204);
    const gone = await core.readNamespacedPod({ name: pod, namespace }).then(p => Boolean(p.metadata?.deletionTimestamp), () => true);
    expect(gone).toBe(true);
    // Each operation is audited with its team and environment, so the team's leads find it in the audit log.
    const events = auditor.createEvent.mock.calls.map(([event]) => event).filter(event => (event.meta as { namespace?: string })?.namespace === namespace);
    expect(events.map(event => [event.eventId, (event.meta as { team?: string }).team])).toEqual(
      expect.arrayContaining([
        ['workload-scale', 'team-a'],
        ['workload-restart', 'team-a'],
        ['pod-delete', 'team-a'],
      ]),
    );
  });

  it('answers 404 to a name that cannot be a Deployment or Pod, without touching the cluster: ".." would address the namespace', async () => {
    const base = `/api/idp-workloads/environments/${namespace}`;
    const before = (await apps.readNamespacedDeployment({ name: 'web', namespace })).metadata?.generation;
    const attempts: [request.Test, string][] = [
      [request(server).delete(`${base}/pods/..`), 'No Pod .. in'],
      [request(server).delete(`${base}/pods/%2e%2e`), 'No Pod .. in'],
      [request(server).post(`${base}/deployments/./restart`), 'No Deployment . in'],
      [request(server).post(`${base}/deployments/..%2F..%2Fweb/scale`).send({ replicas: 1 }), 'No Deployment ../../web in'],
    ];
    for (const [attempt, message] of attempts) {
      const res = await attempt.set(as(alice));
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(`${message} ${namespace}: Kubernetes names are lowercase letters, digits, dashes and dots, starting and ending with a letter or digit`);
    }
    expect((await core.readNamespace({ name: namespace })).metadata?.deletionTimestamp).toBeUndefined();
    expect((await apps.readNamespacedDeployment({ name: 'web', namespace })).metadata?.generation).toBe(before);
  });
});

describe('scope', () => {
  it('gives another team 404 on every endpoint and does not list the environment', async () => {
    const pod = (await core.listNamespacedPod({ namespace })).items[0].metadata!.name!;
    const base = `/api/idp-workloads/environments/${namespace}`;
    const attempts = [
      request(server).get(base),
      request(server).get(`${base}/events`),
      request(server).get(`${base}/metrics`),
      request(server).get(`${base}/red`),
      request(server).get(`${base}/logs?pod=${pod}`),
      request(server).post(`${base}/deployments/web/scale`).send({ replicas: 1 }),
      request(server).post(`${base}/deployments/web/restart`),
      request(server).delete(`${base}/pods/${pod}`),
    ];
    for (const attempt of attempts) {
      const res = await attempt.set(as(carol));
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(`No environment ${namespace}`);
    }
    const list = await get('/environments', carol);
    expect(list.body.items.map((i: any) => i.namespace)).not.toContain(namespace);
    expect((await get(`/apps/team-a/web`, carol)).body.items).toEqual([]);
    // Other suites may run a team-a app named web at the same time: this one's environment is among them.
    expect((await get(`/apps/team-a/web`)).body.items).toEqual(expect.arrayContaining([expect.objectContaining({ environment: expect.objectContaining({ namespace }) })]));
  });

  it('is refused by Kubernetes RBAC itself when the namespace no longer grants the team access', async () => {
    await eventually('the drifted environment in the cache', async () => ((await get(`/environments/${drifted}`)).status === 403 ? true : undefined));
    const res = await get(`/environments/${drifted}`);
    expect(res.body.error.message).toMatch(/Kubernetes RBAC does not let alice list pods in team-a-wd-/);
    expect((await get('/environments')).body.items.map((i: any) => i.namespace)).not.toContain(drifted);
  });
  it('lets a platform admin see every team’s environments, even one whose team RoleBindings drifted', async () => {
    const listed = (await get('/environments', dave)).body.items.map((i: any) => i.namespace);
    expect(listed).toEqual(expect.arrayContaining([namespace, drifted]));
    const detail = await get(`/environments/${namespace}`, dave);
    expect(detail.status).toBe(200);
    expect(detail.body.workloads.map((w: any) => w.name)).toContain('web');
    expect((await get(`/environments/${drifted}/events`, dave)).status).toBe(200);
  });
});
