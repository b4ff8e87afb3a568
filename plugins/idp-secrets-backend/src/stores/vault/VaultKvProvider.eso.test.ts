/*
 * The `vault` store end to end: Slipway writes KV v2 values to the local Vault stand-in (the HTTP
 * protocol; neither Vault nor OpenBao builds here), and Slipway's build of the External Secrets
 * Operator reads them through its vault provider into the environment's Secret, logging in with a
 * token or with Kubernetes auth (a real TokenReview on the local cluster). Rotation brings the
 * previous value along.
 */
import { ensureExternalSecretsOperator, ensureLocalCluster, LocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { CoreV1Api, KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { EXTERNAL_SECRETS_API_VERSION, ExternalSecretsStore } from '../ExternalSecretsStore';
import { kubectlTokenReviewer } from './testing/kubectlTokens';
import { LocalVault, startLocalVault } from './testing/localVault';
import { VaultClient } from './VaultClient';
import { VaultKvProvider } from './VaultKvProvider';

jest.setTimeout(300_000);

let cluster: LocalCluster;
let admin: KubeConfig;
let core: CoreV1Api;
let vault: LocalVault;
let namespace: string;
const storeNames: string[] = [];

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await probe().catch(() => undefined);
    if (result !== undefined) return result;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 200));
  }
}
const decoded = async (name: string) =>
  Object.fromEntries(Object.entries((await core.readNamespacedSecret({ namespace, name })).data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));

beforeAll(async () => {
  cluster = await ensureLocalCluster();
  await ensureExternalSecretsOperator(cluster);
  admin = loadKubeConfig(cluster.adminKubeconfig);
  core = admin.makeApiClient(CoreV1Api);
  namespace = `vault-eso-${randomBytes(3).toString('hex')}`;
  await core.createNamespace({ body: { metadata: { name: namespace, labels: { 'app.kubernetes.io/managed-by': 'slipway' } } } });
  await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: 'eso-reader' } } });
  vault = await startLocalVault({
    kubernetesAuth: { role: 'eso', boundServiceAccounts: [{ namespace, name: 'eso-reader' }], tokenReviewer: kubectlTokenReviewer({ kubectl: cluster.kubectl, adminKubeconfig: cluster.adminKubeconfig }) },
  });
  await core.createNamespacedSecret({ namespace, body: { metadata: { name: 'vault-token' }, stringData: { token: vault.rootToken } } });
});

afterAll(async () => {
  const objects = KubernetesObjectApi.makeApiClient(admin);
  for (const name of storeNames) await objects.delete({ apiVersion: EXTERNAL_SECRETS_API_VERSION, kind: 'ClusterSecretStore', metadata: { name } }).catch(() => undefined);
  await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  await vault?.close();
});

describe.each([
  ['a token', (name: string) => ({ name, auth: { tokenSecretRef: { name: 'vault-token', namespace, key: 'token' } } })],
  ['Kubernetes auth', (name: string) => ({ name, auth: { kubernetes: { role: 'eso', serviceAccountRef: { name: 'eso-reader', namespace } } } })],
])('the vault store, the operator logging in with %s', (how, storeOf) => {
  it('syncs a write and a rotation into the namespace Secret', async () => {
    const name = `${namespace}-${how === 'a token' ? 'token' : 'k8s'}`;
    storeNames.push(name);
    const client = VaultClient.create({ address: vault.address, auth: { method: 'token', token: vault.rootToken } });
    const provider = new VaultKvProvider({ client, store: storeOf(name) });
    // A cluster admin applies the ClusterSecretStore once; the platform identity writes the rest.
    await ExternalSecretsStore.fromKubeConfig(admin, provider).applyClusterSecretStore();
    const store = new ExternalSecretsStore(KubernetesObjectApi.makeApiClient(loadKubeConfig(cluster.backendKubeconfig)), provider, { type: 'vault' });
    const target = { namespace, name: `db-${how === 'a token' ? 'token' : 'k8s'}` };
    const password = `pw-${randomBytes(8).toString('hex')}`;

    await store.write(target, { set: { user: 'app', password }, remove: [] }, { version: 1, updatedBy: 'user:default/alice' });
    await eventually('the first sync', async () => ((await decoded(target.name)).password === password ? true : undefined));
    await eventually('the sync status', async () => ((await store.syncStatus(target)).state === 'synced' ? true : undefined));

    await store.rotate(target, { password: 'rotated-value' }, { version: 2, updatedBy: 'schedule' });
    const rotated = await eventually('the rotation', async () => {
      const data = await decoded(target.name);
      return data.password === 'rotated-value' ? data : undefined;
    });
    expect(rotated).toEqual({ user: 'app', password: 'rotated-value', 'password.previous': password });
    // The operator, not Slipway, checked its login: Slipway never calls these.
    const operatorCalls = vault.requests.filter(r => r.path === 'auth/token/lookup-self' || r.path.startsWith('auth/kubernetes/login')).map(r => `${r.method} ${r.path} ${r.status}`);
    expect(operatorCalls).toContain(how === 'a token' ? 'GET auth/token/lookup-self 200' : 'PUT auth/kubernetes/login 200');
  });
});
