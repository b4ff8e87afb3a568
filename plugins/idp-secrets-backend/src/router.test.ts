/*
 * The secrets API end to end: the real router, the real permission policy, SQLite, and the local
 * control plane (the Kubernetes store writes as the platform identity). Who may read and write
 * where, consumers and confirmations, generation, rotation with its grace window and one restart of
 * the consumers, the schedule, and a canary value that must appear nowhere but in the Secret's data.
 */
import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { TestDatabases, mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { Environment, environmentFromNamespace, renderEnvironment, resolveEnvironmentTypes } from '@internal/plugin-idp-environments-common';
import { auditEvents } from '@internal/plugin-idp-environments-node/testUtils';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { slipwayPolicyPermissions } from '@internal/plugin-permission-backend-module-slipway-policy/testUtils';
import { AppsV1Api, AuthorizationV1Api, CoreV1Api, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { SecretMetadataStore } from './database/SecretMetadataStore';
import { createRouter } from './router';
import { KubernetesSecretStore } from './stores/KubernetesSecretStore';
import { SecretService } from './services/SecretService';
import { SECRET_VERSIONS_ANNOTATION } from './services/restarts';

jest.setTimeout(240_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const tag = randomBytes(3).toString('hex');
const CANARY = `canary-${randomBytes(12).toString('hex')}`;
const environments = new Map<string, Environment>();
let dev: string;
let prod: string;
let server: Parameters<typeof request>[0];
let db: Knex;
let core: CoreV1Api;
let apps: AppsV1Api;
let admin: KubernetesObjectApi;
let authorization: AuthorizationV1Api;
let now = new Date();
const auditor = mockServices.auditor.mock();
const logger = mockServices.logger.mock();
/** Every response body, to search for the canary. */
const responses: string[] = [];

async function createEnvironment(name: string, type: 'production' | 'development') {
  const settings = resolveEnvironmentTypes(undefined).find(t => t.type === type)!;
  const objects = renderEnvironment({ environment: { team: 'team-a', name, type, owner: 'user:default/bob', createdAt: new Date().toISOString(), protected: false }, settings });
  for (const object of objects) await admin.patch(object as any, undefined, undefined, 'slipway', true, PatchStrategy.ServerSideApply);
  environments.set(objects[0].metadata.name, environmentFromNamespace(objects[0] as any)!);
  return objects[0].metadata.name;
}

const as = (user: string) => ({ Authorization: mockCredentials.user.header(`user:default/${user}`) });
async function call(method: 'get' | 'put' | 'post' | 'delete', path: string, user: string, body?: object) {
  const res = await request(server)[method](`/api/idp-secrets${path}`).set(as(user)).send(body);
  responses.push(res.text ?? '');
  return res;
}
const readSecret = async (namespace: string, name: string) =>
  Object.fromEntries(Object.entries((await core.readNamespacedSecret({ namespace, name })).data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));

beforeAll(async () => {
  const local = await ensureLocalCluster();
  const adminConfig = loadKubeConfig(local.adminKubeconfig);
  admin = KubernetesObjectApi.makeApiClient(adminConfig);
  core = adminConfig.makeApiClient(CoreV1Api);
  apps = adminConfig.makeApiClient(AppsV1Api);
  authorization = adminConfig.makeApiClient(AuthorizationV1Api);
  dev = await createEnvironment(`sec-${tag}`, 'development');
  prod = await createEnvironment(`secp-${tag}`, 'production');
  const cluster = new ClusterAccess(loadKubeConfig(local.backendKubeconfig));
  db = await databases.init('SQLITE_3');
  const metadata = await SecretMetadataStore.create({ getClient: async () => db } as any);
  const secrets = new SecretService({ metadata, values: new KubernetesSecretStore(cluster.asService(CoreV1Api)), cluster, logger, now: () => now });
  const permissions = slipwayPolicyPermissions({ environmentOf: namespace => environments.get(namespace) });
  const plugin = createBackendPlugin({
    pluginId: 'idp-secrets',
    register(env) {
      env.registerInit({
        deps: { httpAuth: coreServices.httpAuth, httpRouter: coreServices.httpRouter },
        async init({ httpAuth, httpRouter }) {
          httpRouter.use(await createRouter({ httpAuth, permissions, secrets, store: { type: 'kubernetes', referenceFormat: 'secret/<name>/<key>' }, auditor }));
        },
      });
    },
  });
  ({ server } = await startTestBackend({ features: [plugin, mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() })] }));
  (globalThis as any).secretService = secrets;
});

afterAll(async () => {
  await Promise.all([dev, prod].filter(Boolean).map(name => core.deleteNamespace({ name }).catch(() => undefined)));
});

const service = () => (globalThis as any).secretService as SecretService;

/** A Deployment reading db/url as DATABASE_URL (applied by the cluster admin, as a deploy would). */
async function deployConsumer(namespace: string, name: string, env: object[]) {
  await admin.patch(
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace, labels: { 'app.kubernetes.io/name': name } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { 'app.kubernetes.io/name': name } },
        template: {
          metadata: { labels: { 'app.kubernetes.io/name': name } },
          spec: {
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'app',
                image: 'registry.example.com/team-a/app:1.0.0',
                env,
                resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '100m', memory: '128Mi' } },
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

describe('the secrets API on the local cluster', () => {
  it('alice creates and updates a secret: answers carry names and versions, the value is only in the Secret', async () => {
    const created = await call('put', `/environments/${dev}/secrets/db`, 'alice', { set: { url: `postgres://app:${CANARY}@db/app`, user: 'app' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'db', version: 1, createdBy: 'user:default/alice', consumers: [], sync: { state: 'synced' } });
    expect(created.body.keys.map((k: { name: string; version: number }) => `${k.name}@${k.version}`)).toEqual(['url@1', 'user@1']);
    expect(await readSecret(dev, 'db')).toEqual({ url: `postgres://app:${CANARY}@db/app`, user: 'app' });

    const updated = await call('put', `/environments/${dev}/secrets/db`, 'alice', { set: { password: CANARY } });
    expect(updated.status).toBe(200);
    expect(updated.body.keys.map((k: { name: string; version: number }) => `${k.name}@${k.version}`)).toEqual(['password@2', 'url@1', 'user@1']);
    expect(Object.keys(await readSecret(dev, 'db')).sort()).toEqual(['password', 'url', 'user']);

    const listed = await call('get', `/environments/${dev}/secrets`, 'alice');
    expect(listed.body).toMatchObject({ namespace: dev, team: 'team-a', store: 'kubernetes', canWrite: true, missing: [] });
    expect(listed.body.secrets.map((s: { name: string }) => s.name)).toEqual(['db']);
    expect((await call('get', `/environments/${dev}/secret-keys`, 'alice')).body).toEqual({ namespace: dev, secrets: [{ name: 'db', keys: ['password', 'url', 'user'] }] });
  });

  it('carol (team-b) finds no such environment, and Kubernetes refuses her too; nobody reads Secrets with kubectl', async () => {
    expect((await call('get', `/environments/${dev}/secrets`, 'carol')).status).toBe(404);
    expect((await call('get', `/environments/${dev}/secret-keys`, 'carol')).status).toBe(404);
    expect((await call('put', `/environments/${dev}/secrets/db`, 'carol', { set: { url: 'x' } })).status).toBe(404);
    expect((await call('delete', `/environments/${dev}/secrets/db`, 'carol', { confirm: true })).status).toBe(404);
    for (const [user, groups, verb] of [
      ['carol', ['team-b'], 'list'],
      ['alice', ['team-a'], 'get'],
      ['alice', ['team-a'], 'create'],
      ['bob', ['team-a', 'team-a-leads'], 'get'],
    ] as const) {
      const review = await authorization.createSubjectAccessReview({
        body: { spec: { user, groups: [...groups], resourceAttributes: { namespace: dev, verb, resource: 'secrets' } } },
      });
      expect(`${user} ${verb}: ${review.status?.allowed}`).toBe(`${user} ${verb}: false`);
    }
  });

  it('in production alice sees metadata only; bob, a tech lead, writes', async () => {
    const refused = await call('put', `/environments/${prod}/secrets/api`, 'alice', { set: { token: CANARY } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('Production secrets are written by tech leads of team-a and platform admins; ask a tech lead of team-a');
    expect((await call('put', `/environments/${prod}/secrets/api`, 'bob', { set: { token: CANARY } })).status).toBe(201);
    const seen = await call('get', `/environments/${prod}/secrets`, 'alice');
    expect(seen.body).toMatchObject({ canWrite: false, readOnlyReason: expect.stringContaining('tech leads of team-a') });
    expect(seen.body.secrets[0].keys.map((k: { name: string }) => k.name)).toEqual(['token']);
    expect((await call('post', `/environments/${prod}/secrets/api/rotate`, 'alice')).status).toBe(403);
    expect((await call('delete', `/environments/${prod}/secrets/api`, 'alice', { confirm: true })).status).toBe(403);
  });

  it('shows the workloads that read a secret, and removes what they read only when confirmed', async () => {
    await deployConsumer(dev, 'web', [{ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'db', key: 'url' } } }, { name: 'MISSING', valueFrom: { secretKeyRef: { name: 'queue', key: 'dsn' } } }]);
    const listed = await call('get', `/environments/${dev}/secrets`, 'alice');
    expect(listed.body.secrets[0].consumers).toEqual([{ kind: 'Deployment', name: 'web', keys: ['url'] }]);
    expect(listed.body.missing).toEqual([{ name: 'queue', keys: ['dsn'], consumers: [{ kind: 'Deployment', name: 'web', keys: ['dsn'] }] }]);

    const refused = await call('put', `/environments/${dev}/secrets/db`, 'alice', { remove: ['url'] });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe('url of db is used by Deployment/web (url); confirm to remove anyway');
    expect((await call('put', `/environments/${dev}/secrets/db`, 'alice', { remove: ['user'] })).status).toBe(200);
    expect((await call('delete', `/environments/${dev}/secrets/db`, 'alice')).body.error.message).toBe(
      'db is used by Deployment/web (url); they fail to start without it. Confirm to delete it anyway',
    );
    expect(Object.keys(await readSecret(dev, 'db')).sort()).toEqual(['password', 'url']);
  });

  it('generates a password, rotates it keeping the previous value for the grace window, and restarts the consumer once', async () => {
    const generated = await call('post', `/environments/${dev}/secrets/session/generate`, 'alice', {
      generator: { kind: 'password', length: 40, alphabet: 'letters-digits' },
      rotation: { everyDays: 7, graceHours: 2 },
    });
    expect(generated.status).toBe(201);
    expect(generated.body).toMatchObject({ version: 1, generator: { kind: 'password', length: 40 }, rotation: { policy: { everyDays: 7, graceHours: 2 } } });
    const first = (await readSecret(dev, 'session')).password;
    expect(first).toMatch(/^[A-Za-z0-9]{40}$/);

    await deployConsumer(dev, 'worker', [{ name: 'SESSION', valueFrom: { secretKeyRef: { name: 'session', key: 'password' } } }]);
    const rotated = await call('post', `/environments/${dev}/secrets/session/rotate`, 'bob');
    expect(rotated.status).toBe(200);
    const afterRotation = await readSecret(dev, 'session');
    expect(afterRotation['password.previous']).toBe(first);
    expect(afterRotation.password).not.toBe(first);
    const worker = await apps.readNamespacedDeployment({ namespace: dev, name: 'worker' });
    expect(worker.spec?.template.metadata?.annotations?.[SECRET_VERSIONS_ANNOTATION]).toBe('session=2');
    expect((await apps.readNamespacedDeployment({ namespace: dev, name: 'web' })).spec?.template.metadata?.annotations?.[SECRET_VERSIONS_ANNOTATION]).toBeUndefined();
    const history = await call('get', `/environments/${dev}/secrets/session/rotations`, 'alice');
    expect(history.body.items).toEqual([{ at: expect.any(String), by: 'user:default/bob', outcome: 'rotated', version: 2, restarted: ['Deployment/worker'] }]);

    // Three hours later the grace window is over; a week later the schedule rotates again.
    now = new Date(Date.now() + 3 * 3_600_000);
    expect(await service().runSchedule()).toMatchObject({ graceEnded: [`${dev}/session`], rotated: [], failed: [] });
    expect(Object.keys(await readSecret(dev, 'session'))).toEqual(['password']);
    now = new Date(Date.now() + 8 * 24 * 3_600_000);
    expect(await service().runSchedule()).toMatchObject({ rotated: [`${dev}/session`], restarted: [`${dev}/Deployment/worker`], failed: [] });
    expect((await apps.readNamespacedDeployment({ namespace: dev, name: 'worker' })).spec?.template.metadata?.annotations?.[SECRET_VERSIONS_ANNOTATION]).toBe('session=4');
    expect((await call('get', `/environments/${dev}/secrets/session/rotations`, 'alice')).body.items.map((r: { by: string; outcome: string }) => `${r.by} ${r.outcome}`)).toEqual([
      'schedule rotated',
      'schedule grace-ended',
      'user:default/bob rotated',
    ]);
    now = new Date();
  });

  it('refuses bad input with field errors (never a 500, never the value), and audits every change', async () => {
    const bad = await call('put', `/environments/${dev}/secrets/Bad_Name`, 'alice', { set: { k: CANARY } });
    expect(bad.status).toBe(400);
    const fields = await call('put', `/environments/${dev}/secrets/ok`, 'alice', { set: { 'bad key': CANARY, n: 4 }, extra: CANARY });
    expect(fields.status).toBe(400);
    expect(fields.body.error.message).toContain('set["bad key"]: Use letters, digits');
    expect((await call('post', `/environments/${dev}/secrets/db/rotate`, 'alice')).body.error.message).toBe(
      'db is not generated, so Slipway cannot make its next value; set new values instead',
    );
    expect((await call('put', `/environments/${dev}/secrets/nope`, 'alice', { remove: ['x'] })).status).toBe(404);

    const events = await auditEvents(auditor as any);
    expect(events.map(e => `${e.eventId} ${e.status} ${e.meta.outcome ?? ''}`)).toEqual(
      expect.arrayContaining(['secret-write succeeded created', 'secret-write succeeded updated', 'secret-write failed refused', 'secret-generate succeeded generated', 'secret-rotate succeeded rotated']),
    );
    expect(events.find(e => e.meta.outcome === 'created')?.meta).toMatchObject({ namespace: dev, secret: 'db', team: 'team-a', keysSet: ['url', 'user'], version: 1 });
  });

  it('the canary value is in no answer, audit event, log line, database row, annotation, event or ConfigMap', async () => {
    const haystacks: Record<string, string> = {
      responses: responses.join('\n'),
      audit: JSON.stringify((await auditEvents(auditor as any)).map(({ request: _request, ...event }) => event), (_k, v) => (v instanceof Error ? v.message : v)),
      logs: JSON.stringify([logger.info, logger.warn, logger.error, logger.debug].flatMap(fn => (fn as jest.Mock).mock.calls)),
      database: JSON.stringify([await db('secrets').select(), await db('secret_rotations').select()]),
    };
    for (const namespace of [dev, prod]) {
      const [secrets, configMaps, events, deployments] = await Promise.all([
        core.listNamespacedSecret({ namespace }),
        core.listNamespacedConfigMap({ namespace }),
        core.listNamespacedEvent({ namespace }),
        apps.listNamespacedDeployment({ namespace }),
      ]);
      haystacks[`${namespace} annotations`] = JSON.stringify([...secrets.items, ...deployments.items].map(o => [o.metadata?.annotations, o.metadata?.labels, o.metadata?.managedFields]));
      haystacks[`${namespace} configmaps`] = JSON.stringify(configMaps.items);
      haystacks[`${namespace} events`] = JSON.stringify(events.items);
    }
    expect(responses.length).toBeGreaterThan(15);
    const hits = Object.entries(haystacks).filter(([, text]) => text.includes(CANARY)).map(([where]) => where);
    expect(hits).toEqual([]);
    // ...and it is where it belongs.
    expect((await readSecret(prod, 'api')).token).toBe(CANARY);
  });
});
