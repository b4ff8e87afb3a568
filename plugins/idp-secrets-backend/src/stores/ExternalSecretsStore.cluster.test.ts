/*
 * The external-secrets store against the real local control plane and Slipway's build of the
 * External Secrets Operator (cluster/build-external-secrets.sh): values written through the store
 * reach the environment namespace's Secret, and nothing else in that namespace carries them.
 * The store acts as the portal's service account, with the rights the cluster setup gives it; the
 * admin kubeconfig only installs the platform objects and inspects.
 */
import { ensureExternalSecretsOperator, ensureLocalCluster, LocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { ApiException, CoreV1Api, KubeConfig, KubernetesObjectApi, PatchStrategy, setHeaderOptions, V1Secret } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { ExternalSecretsStore, EXTERNAL_SECRETS_API_VERSION } from './ExternalSecretsStore';
import { KubernetesSecretProvider, providerSecretName, SECRET_VALUES_NAMESPACE } from './KubernetesSecretProvider';
import { SecretTarget } from './types';

jest.setTimeout(300_000);

let cluster: LocalCluster;
let admin: KubeConfig;
let core: CoreV1Api;
let store: ExternalSecretsStore;
let namespace: string;

/** Values are random per run, so finding one anywhere means it leaked there. */
const value = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const result = await probe();
      if (result !== undefined) return result;
    } catch (e) {
      last = e;
    }
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

async function readSecret(target: SecretTarget): Promise<V1Secret | undefined> {
  try {
    return await core.readNamespacedSecret({ name: target.name, namespace: target.namespace });
  } catch (error) {
    if (error instanceof ApiException && error.code === 404) return undefined;
    throw error;
  }
}

function decoded(secret: V1Secret | undefined): Record<string, string> | undefined {
  if (!secret) return undefined;
  return Object.fromEntries(Object.entries(secret.data ?? {}).map(([key, data]) => [key, Buffer.from(data, 'base64').toString('utf8')]));
}

/** The Secret's values once `check` accepts them. */
async function secretWhen(target: SecretTarget, check: (data: Record<string, string>) => boolean, timeoutMs?: number) {
  return eventually(`Secret ${target.namespace}/${target.name} to match`, async () => {
    const data = decoded(await readSecret(target));
    return data && check(data) ? data : undefined;
  }, timeoutMs);
}

/** Where one of `values` (plain or base64) appears in an annotation, ConfigMap or event of the namespace. */
async function valuesOutsideSecrets(values: string[]): Promise<string[]> {
  const objects = KubernetesObjectApi.makeApiClient(admin);
  const found: string[] = [];
  let inspected = 0;
  for (const [apiVersion, kind] of [
    ['v1', 'ConfigMap'],
    ['v1', 'Event'],
    ['events.k8s.io/v1', 'Event'],
    ['v1', 'Pod'],
    ['v1', 'Secret'],
    [EXTERNAL_SECRETS_API_VERSION, 'ExternalSecret'],
  ]) {
    const list = await objects.list(apiVersion, kind, namespace);
    for (const item of list.items) {
      inspected++;
      const text = kind === 'ConfigMap' || kind === 'Event' ? JSON.stringify(item) : JSON.stringify(item.metadata?.annotations ?? {});
      for (const v of values) {
        if (text.includes(v) || text.includes(Buffer.from(v).toString('base64'))) found.push(`${kind} ${item.metadata?.name}`);
      }
    }
  }
  if (inspected === 0) throw new Error(`Nothing to inspect in ${namespace}: the check would pass vacuously`);
  return found;
}

beforeAll(async () => {
  cluster = await ensureLocalCluster();
  await ensureExternalSecretsOperator(cluster);
  admin = loadKubeConfig(cluster.adminKubeconfig);
  core = admin.makeApiClient(CoreV1Api);
  const adminObjects = KubernetesObjectApi.makeApiClient(admin);

  // The platform's install: the values namespace, its reader and the ClusterSecretStore (as admin).
  const platform = KubernetesSecretProvider.fromKubeConfig(admin, { apiServerUrl: cluster.server });
  await platform.applyReaderObjects();
  await ExternalSecretsStore.fromKubeConfig(admin, platform).applyClusterSecretStore();
  // The portal's service account writes the operator's objects with the rights the cluster setup gives it
  // (the access table's secret.write row): nothing is granted here.
  const backend = loadKubeConfig(cluster.backendKubeconfig);
  store = ExternalSecretsStore.fromKubeConfig(backend, KubernetesSecretProvider.fromKubeConfig(backend, { apiServerUrl: cluster.server }), {
    refreshInterval: '1h',
  });
  namespace = `eso-test-${randomBytes(3).toString('hex')}`;
  await core.createNamespace({ body: { metadata: { name: namespace, labels: { 'slipway.dev/test': 'external-secrets', 'app.kubernetes.io/managed-by': 'slipway' } } } });
  await eventually('the ClusterSecretStore to be ready', async () => {
    const css = (await adminObjects.read({ apiVersion: EXTERNAL_SECRETS_API_VERSION, kind: 'ClusterSecretStore', metadata: { name: 'slipway-kubernetes' } })) as any;
    return css.status?.conditions?.find((c: any) => c.type === 'Ready' && c.status === 'True');
  });
});

afterAll(async () => {
  if (namespace) await core.deleteNamespace({ name: namespace }).catch(() => undefined);
});

describe('ExternalSecretsStore with the kubernetes provider and the real External Secrets Operator', () => {
  const target = () => ({ namespace, name: 'db-credentials' });
  const written: string[] = [];

  it('syncs a write into the namespace Secret a pod references, and reports it synced', async () => {
    const password = value('pw');
    written.push(password);
    await store.write(target(), { set: { username: 'app', password }, remove: [] }, { version: 1, updatedBy: 'user:default/alice' });

    const data = await secretWhen(target(), d => d.password === password);
    expect(data).toEqual({ username: 'app', password });
    const secret = (await readSecret(target()))!;
    expect(secret.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'ExternalSecret', name: 'db-credentials', controller: true });
    await eventually('syncStatus to be synced', async () => ((await store.syncStatus(target())).state === 'synced' ? true : undefined));

    await core.createNamespacedPod({
      namespace,
      body: {
        metadata: { name: 'app' },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'registry.example/app:1',
              env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } }],
            },
          ],
        },
      },
    });
    await eventually('the pod to run (KWOK)', async () => ((await core.readNamespacedPod({ name: 'app', namespace })).status?.phase === 'Running' ? true : undefined));
  });

  it('updates and removes keys within seconds', async () => {
    const password = value('pw2');
    written.push(password);
    const t0 = Date.now();
    await store.write(target(), { set: { password }, remove: ['username'] }, { version: 2, updatedBy: 'user:default/alice' });
    const data = await secretWhen(target(), d => d.password === password, 10_000);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(data).toEqual({ password });
  });

  it('rotates keeping the previous value, and drops it when the grace window ends', async () => {
    const before = written[written.length - 1];
    const rotated = value('pw3');
    written.push(rotated);
    await store.rotate(target(), { password: rotated }, { version: 3, updatedBy: 'schedule' });
    expect(await secretWhen(target(), d => d.password === rotated)).toEqual({ password: rotated, 'password.previous': before });

    await store.dropPrevious(target(), ['password', 'absent-key'], { version: 4, updatedBy: 'schedule' });
    expect(await secretWhen(target(), d => !('password.previous' in d))).toEqual({ password: rotated });
    await eventually('syncStatus to be synced', async () => ((await store.syncStatus(target())).state === 'synced' ? true : undefined));
  });

  it('refuses a rotation from a version that is not the current one', async () => {
    await expect(store.rotate(target(), { password: value('late') }, { version: 3, updatedBy: 'schedule' })).rejects.toThrow(
      /not at version 2 or lacks one of these keys.*Reload the secret/,
    );
  });

  it('keeps values out of annotations, ConfigMaps and events of the namespace', async () => {
    expect(written).toHaveLength(3);
    expect(await valuesOutsideSecrets(written)).toEqual([]);
  });

  it('removes the ExternalSecret, the namespace Secret and the provider Secret', async () => {
    await store.remove(target());
    await eventually('the namespace Secret to be deleted', async () => ((await readSecret(target())) ? undefined : true));
    expect(await readSecret({ namespace: SECRET_VALUES_NAMESPACE, name: providerSecretName(target()) })).toBeUndefined();
    expect(await store.syncStatus(target())).toMatchObject({ state: 'failed' });
    await store.remove(target());
  });

  it('reports a failed sync with the operator message when the provider has no values', async () => {
    const missing = { namespace, name: 'never-written' };
    // The ExternalSecret alone, as if its provider Secret had been deleted behind Slipway's back.
    await KubernetesObjectApi.makeApiClient(admin).patch(store.externalSecret(missing, 1), undefined, undefined, 'slipway-test', true, PatchStrategy.ServerSideApply);
    const status = await eventually('syncStatus to be failed', async () => {
      const s = await store.syncStatus(missing);
      return s.state === 'failed' ? s : undefined;
    });
    expect(status.message).toMatch(/External Secrets Operator could not sync it/);
    await store.remove(missing);
  });
});

describe('ExternalSecretsStore.applyGenerated (ESO Password generator)', () => {
  const target = () => ({ namespace, name: 'generated' });

  it('produces a password of the asked length and shape', async () => {
    await store.applyGenerated(target(), { key: 'api-token', length: 40, digits: 6, symbols: 0, allowRepeat: true }, '0');
    const data = await secretWhen(target(), d => !!d['api-token']);
    expect(Object.keys(data)).toEqual(['api-token']);
    expect(data['api-token']).toHaveLength(40);
    expect(data['api-token']).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(data['api-token'].replace(/\D/g, '')).toHaveLength(6);
  });

  // What ESO v0.16.2 does, so the docs can say it: after any change to the Secret's data its data-hash
  // annotation no longer matches, and the operator refreshes: the generator makes a new password and,
  // with creationPolicy Owner, the Secret's data is replaced by the generator's output alone. A copy to
  // `.previous` is therefore gone at once, with a new password in place of the one it kept.
  it('regenerates and drops keys it did not write whenever the Secret data changes: no previous value survives', async () => {
    const first = (await secretWhen(target(), d => !!d['api-token']))['api-token'];
    await core.patchNamespacedSecret(
      { name: 'generated', namespace, body: [{ op: 'copy', from: '/data/api-token', path: '/data/api-token.previous' }], fieldManager: 'slipway' },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    const second = await secretWhen(target(), d => d['api-token'] !== first);
    expect(Object.keys(second)).toEqual(['api-token']);
    expect(second['api-token']).toHaveLength(40);
  });

  it('removes the generator with the secret', async () => {
    await store.remove(target());
    await eventually('the generated Secret to be deleted', async () => ((await readSecret(target())) ? undefined : true));
    await expect(
      KubernetesObjectApi.makeApiClient(admin).read({ apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'Password', metadata: { name: 'generated', namespace } }),
    ).rejects.toMatchObject({ code: 404 });
  });
});
