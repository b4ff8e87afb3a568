/*
 * SecretService with the external-secrets store on the local control plane and Slipway's build of
 * the External Secrets Operator: what people do through the API (write, generate, rotate) reaches
 * the environment's Secret through the operator; generated passwords without a grace window come
 * from the operator's Password generator; a rotation restarts the consumers once, after the new
 * value arrived; the previous value stays for the grace window; no value outside the Secret's data.
 */
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ensureExternalSecretsOperator, ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { Environment, environmentFromNamespace, renderEnvironment, resolveEnvironmentTypes } from '@internal/plugin-idp-environments-common';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { AppsV1Api, CoreV1Api, KubeConfig, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { SecretMetadataStore } from '../database/SecretMetadataStore';
import { EXTERNAL_SECRETS_API_VERSION, ExternalSecretsStore } from '../stores/ExternalSecretsStore';
import { KubernetesSecretProvider } from '../stores/KubernetesSecretProvider';
import { SECRET_VERSIONS_ANNOTATION } from './restarts';
import { SecretService } from './SecretService';

jest.setTimeout(300_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const CANARY = `canary-${randomBytes(12).toString('hex')}`;
let admin: KubeConfig;
let core: CoreV1Api;
let apps: AppsV1Api;
let environment: Environment;
let secrets: SecretService;

const decoded = async (name: string) =>
  Object.fromEntries(
    Object.entries((await core.readNamespacedSecret({ namespace: environment.namespace, name }).catch(() => ({ data: {} as Record<string, string> }))).data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]),
  );
async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await probe().catch(() => undefined);
    if (result !== undefined) return result;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 200));
  }
}

async function consumer(name: string, secret: string, key: string) {
  const labels = { 'app.kubernetes.io/name': name };
  await KubernetesObjectApi.makeApiClient(admin).patch(
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: environment.namespace, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'app',
                image: 'registry.example.com/team-a/app:1.0.0',
                env: [{ name: 'VALUE', valueFrom: { secretKeyRef: { name: secret, key } } }],
                resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '20m', memory: '32Mi' } },
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
const templateVersions = async (name: string) =>
  (await apps.readNamespacedDeployment({ namespace: environment.namespace, name })).spec?.template.metadata?.annotations?.[SECRET_VERSIONS_ANNOTATION];

beforeAll(async () => {
  const cluster = await ensureLocalCluster();
  await ensureExternalSecretsOperator(cluster);
  admin = loadKubeConfig(cluster.adminKubeconfig);
  core = admin.makeApiClient(CoreV1Api);
  apps = admin.makeApiClient(AppsV1Api);
  // What a cluster admin installs once: the values namespace, its reader, the ClusterSecretStore.
  const installed = KubernetesSecretProvider.fromKubeConfig(admin, { apiServerUrl: cluster.server });
  await ExternalSecretsStore.fromKubeConfig(admin, installed).prepare();

  const settings = resolveEnvironmentTypes(undefined).find(t => t.type === 'development')!;
  const objects = renderEnvironment({
    environment: { team: 'team-a', name: `eso-${randomBytes(3).toString('hex')}`, type: 'development', owner: 'user:default/alice', createdAt: new Date().toISOString(), protected: false },
    settings,
  });
  for (const object of objects) await KubernetesObjectApi.makeApiClient(admin).patch(object as any, undefined, undefined, 'slipway', true, PatchStrategy.ServerSideApply);
  environment = environmentFromNamespace(objects[0] as any)!;

  // The portal: the platform identity, with what the cluster setup grants it.
  const access = new ClusterAccess(loadKubeConfig(cluster.backendKubeconfig));
  const provider = new KubernetesSecretProvider(access.asService(CoreV1Api), access.objectsAsService(), { apiServerUrl: cluster.server });
  const store = new ExternalSecretsStore(access.objectsAsService(), provider, { refreshInterval: '1h' });
  const db = await databases.init('SQLITE_3');
  secrets = new SecretService({ metadata: await SecretMetadataStore.create({ getClient: async () => db } as any), values: store, cluster: access, logger: mockServices.logger.mock() });
  await eventually('the ClusterSecretStore to be ready', async () => {
    const css = (await KubernetesObjectApi.makeApiClient(admin).read({ apiVersion: EXTERNAL_SECRETS_API_VERSION, kind: 'ClusterSecretStore', metadata: { name: 'slipway-kubernetes' } })) as any;
    return css.status?.conditions?.find((c: any) => c.type === 'Ready' && c.status === 'True');
  });
});

afterAll(async () => {
  if (environment) await core.deleteNamespace({ name: environment.namespace }).catch(() => undefined);
});

describe('SecretService with the external-secrets store and the real operator', () => {
  it('writes through the provider; the operator syncs the Secret a workload reads; the list says synced', async () => {
    await secrets.write('user:default/alice', environment, 'db', { set: { url: `postgres://app:${CANARY}@db/app` } });
    await eventually('the Secret to hold the value', async () => ((await decoded('db')).url?.includes(CANARY) ? true : undefined));
    await consumer('web', 'db', 'url');
    const { secrets: listed } = await eventually('the list to say synced', async () => {
      const list = await secrets.list(environment);
      return list.secrets[0]?.sync.state === 'synced' ? list : undefined;
    });
    expect(listed[0]).toMatchObject({ name: 'db', version: 1, consumers: [{ kind: 'Deployment', name: 'web', keys: ['url'] }] });
  });

  it('without a grace window the operator generates the password; a rotation makes a new one and restarts the consumer once it arrived', async () => {
    await secrets.generate('user:default/alice', environment, 'session', { generator: { kind: 'password', length: 24, alphabet: 'letters-digits' }, rotation: { everyDays: 7, graceHours: 0 } });
    const first = await eventually('the generated password', async () => (await decoded('session')).password);
    expect(first).toMatch(/^[A-Za-z0-9]{24}$/);
    const externalSecret = (await KubernetesObjectApi.makeApiClient(admin).read({
      apiVersion: EXTERNAL_SECRETS_API_VERSION,
      kind: 'ExternalSecret',
      metadata: { name: 'session', namespace: environment.namespace },
    })) as any;
    expect(externalSecret.spec.dataFrom[0].sourceRef.generatorRef).toMatchObject({ kind: 'Password', name: 'session' });

    await consumer('worker', 'session', 'password');
    await secrets.rotate('user:default/bob', environment, 'session');
    // The restart waited for the operator: when it happened, the Secret already held the new password.
    const second = (await decoded('session')).password;
    expect(second).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(second).not.toBe(first);
    expect(await templateVersions('worker')).toBe('session=2');
    expect((await secrets.rotations(environment, 'session')).map(r => `${r.by} ${r.outcome} ${r.restarted.join(',')}`)).toEqual(['user:default/bob rotated Deployment/worker']);
    await expect(secrets.write('user:default/alice', environment, 'session', { set: { other: 'x' } })).rejects.toThrow(/generated by the External Secrets Operator/);
  });

  it('with a grace window Slipway generates, and the previous value reaches the namespace beside the new one', async () => {
    await secrets.generate('user:default/alice', environment, 'api', { generator: { kind: 'token', bytes: 16, encoding: 'hex' }, rotation: { everyDays: 7, graceHours: 1 } });
    const first = await eventually('the token', async () => (await decoded('api')).token);
    await secrets.rotate('user:default/alice', environment, 'api');
    const after = await eventually('the rotation to arrive', async () => {
      const data = await decoded('api');
      return data['token.previous'] ? data : undefined;
    });
    expect(after['token.previous']).toBe(first);
    expect(after.token).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeps the canary out of annotations, events and ConfigMaps of the namespace', async () => {
    const objects = KubernetesObjectApi.makeApiClient(admin);
    const texts: string[] = [];
    for (const [apiVersion, kind] of [['v1', 'ConfigMap'], ['v1', 'Event'], ['v1', 'Secret'], ['apps/v1', 'Deployment'], [EXTERNAL_SECRETS_API_VERSION, 'ExternalSecret']]) {
      const list = await objects.list(apiVersion, kind, environment.namespace);
      for (const item of list.items) texts.push(kind === 'ConfigMap' || kind === 'Event' ? JSON.stringify(item) : JSON.stringify([item.metadata?.annotations, item.metadata?.labels]));
    }
    expect(texts.length).toBeGreaterThan(3);
    expect(texts.filter(t => t.includes(CANARY) || t.includes(Buffer.from(CANARY).toString('base64')))).toEqual([]);
  });
});
