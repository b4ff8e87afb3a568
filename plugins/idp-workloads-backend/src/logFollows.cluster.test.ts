/*
 * Live log follows on the real local control plane are bounded: one person may hold only so many
 * at once (429 beyond), and a follow ends after its maximum duration with a last line saying so.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { renderEnvironment, resolveEnvironmentTypes } from '@internal/plugin-idp-environments-common';
import { CoreV1Api, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { alice, dave, eventually, startWorkloadsBackend } from './__testUtils__/realBackend';

jest.setTimeout(120_000);

const tag = randomBytes(3).toString('hex');
const namespace = `team-a-lf-${tag}`;
let core: CoreV1Api;
let port: number;

/** Opens a follow; resolves with its status and, when it ends, its lines. */
function follow(user: string, pod: string): { status: Promise<number>; lines: Promise<string[]>; close: () => void } {
  let close = () => {};
  let statusOf: (status: number) => void = () => {};
  const status = new Promise<number>(resolve => (statusOf = resolve));
  const lines = new Promise<string[]>((resolve, reject) => {
    const got: string[] = [];
    const req = http.get(`http://127.0.0.1:${port}/api/idp-workloads/environments/${namespace}/logs?pod=${pod}&tailLines=1&follow=true`, { headers: { Authorization: mockCredentials.user.header(user) } }, res => {
      statusOf(res.statusCode!);
      res.on('data', (chunk: Buffer) => got.push(...chunk.toString().split('\n').filter(Boolean)));
      res.on('end', () => resolve(got));
      res.on('error', () => resolve(got));
    });
    req.on('error', error => (got.length ? resolve(got) : reject(error)));
    close = () => req.destroy();
  });
  return { status, lines, close };
}

beforeAll(async () => {
  const local = await ensureLocalCluster();
  const kc = loadKubeConfig(local.adminKubeconfig);
  core = kc.makeApiClient(CoreV1Api);
  const settings = resolveEnvironmentTypes(undefined).find(t => t.type === 'development')!;
  const objects = renderEnvironment({ environment: { team: 'team-a', name: `lf-${tag}`, type: 'development', owner: alice, createdAt: new Date().toISOString(), protected: false }, settings });
  for (const object of objects) await KubernetesObjectApi.makeApiClient(kc).patch(object as any, undefined, undefined, 'slipway', true, PatchStrategy.ServerSideApply);
  await core.createNamespacedPod({
    namespace,
    body: {
      metadata: { name: 'talker' },
      spec: {
        securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [
          {
            name: 'app',
            image: 'registry.example.com/team-a/talker:1.0.0',
            resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '20m', memory: '32Mi' } },
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
          },
        ],
      },
    },
  });
  await eventually('the pod to run', async () => ((await core.readNamespacedPod({ namespace, name: 'talker' })).status?.phase === 'Running' ? true : undefined));
  const server = await startWorkloadsBackend(local.backendKubeconfig, { logs: { follow: { maxPerUser: 1, maxMinutes: 0.05 } } });
  port = ((server as unknown as http.Server).address() as AddressInfo).port;
  // The watch-fed cache knows the environment a moment after the backend started.
  await eventually('the environment in the cache', async () => {
    const res = await request(server).get(`/api/idp-workloads/environments/${namespace}`).set({ Authorization: mockCredentials.user.header(alice) });
    return res.status === 200 && res.body.pods?.length ? true : undefined;
  });
});

afterAll(async () => {
  await core.deleteNamespace({ name: namespace }).catch(() => undefined);
});

it('refuses a second follow of one person with 429, ends each follow after its time with a last line saying so, then frees the place', async () => {
  const first = follow(alice, 'talker');
  expect(await first.status).toBe(200);
  const second = follow(alice, 'talker');
  expect(await second.status).toBe(429);
  expect(JSON.parse((await second.lines).join(''))).toEqual({
    error: { name: 'TooManyFollowsError', message: 'You follow 1 logs already (at most 1); stop following one, e.g. in another tab, and try again' },
  });
  const other = follow(dave, 'talker');
  expect(await other.status).toBe(200);
  other.close();

  const started = Date.now();
  const lines = await first.lines;
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(JSON.parse(lines.at(-1)!)).toEqual({ end: 'max-duration' });
  expect(lines.slice(0, -1).every(line => typeof JSON.parse(line).text === 'string')).toBe(true);

  const again = follow(alice, 'talker');
  expect(await again.status).toBe(200);
  again.close();
});
