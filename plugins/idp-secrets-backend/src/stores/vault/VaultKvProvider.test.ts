import { VaultClient } from './VaultClient';
import { VaultKvProvider } from './VaultKvProvider';
import { LocalVault, startLocalVault } from './testing/localVault';

const target = { namespace: 'team-a-dev', name: 'db-credentials' };
const context = { version: 1, updatedBy: 'user:default/alice' };
const storeAuth = { tokenSecretRef: { name: 'vault-token', namespace: 'slipway', key: 'token' } };
const VALUE = 'v4lue-that-must-never-be-echoed';

describe('VaultKvProvider', () => {
  let vault: LocalVault;
  let client: VaultClient;
  let provider: VaultKvProvider;

  beforeEach(async () => {
    vault = await startLocalVault();
    client = VaultClient.create({ address: vault.address, auth: { method: 'token', token: vault.rootToken } });
    provider = new VaultKvProvider({ client, store: { auth: storeAuth } });
  });
  afterEach(() => vault.close());

  const stored = () => client.readSecret('slipway/team-a-dev/db-credentials');

  it('keeps a secret at <prefix>/<namespace>/<name>, merging each change into one new version', async () => {
    expect(provider.remoteKey(target)).toBe('slipway/team-a-dev/db-credentials');
    await provider.write(target, { set: { user: 'app', password: 'one' }, remove: [] }, context);
    await provider.write(target, { set: { password: 'two', host: 'db' }, remove: ['user', 'not-there'] }, { ...context, version: 2 });
    expect(await stored()).toEqual({ data: { password: 'two', host: 'db' }, version: 2 });
    expect(vault.requests.filter(r => r.method === 'POST').map(r => r.path)).toEqual([
      'secret/data/slipway/team-a-dev/db-credentials',
      'secret/data/slipway/team-a-dev/db-credentials',
    ]);
  });

  it('rotates in one version: the current value moves to <key>.previous; dropPrevious ends the grace window', async () => {
    await provider.write(target, { set: { password: 'one', user: 'app' }, remove: [] }, context);
    await provider.rotate(target, { password: 'two', token: 'fresh' }, { version: 2, updatedBy: 'schedule' });
    expect(await stored()).toEqual({ data: { user: 'app', password: 'two', 'password.previous': 'one', token: 'fresh' }, version: 2 });
    await provider.dropPrevious(target, ['password', 'token'], { version: 3, updatedBy: 'schedule' });
    expect(await stored()).toEqual({ data: { user: 'app', password: 'two', token: 'fresh' }, version: 3 });
    await provider.dropPrevious(target, ['password'], { version: 3, updatedBy: 'schedule' });
    expect((await stored())?.version).toBe(3);
  });

  it('does not keep a stale <key>.previous for a key that had no value', async () => {
    await provider.write(target, { set: { 'token.previous': 'old' }, remove: [] }, context);
    await provider.rotate(target, { token: 'new' }, context);
    expect((await stored())?.data).toEqual({ token: 'new' });
  });

  it('dropPrevious does not create an absent secret', async () => {
    await provider.dropPrevious(target, ['password'], context);
    expect(await stored()).toBeUndefined();
  });

  it('removes every version; removing an absent secret is fine', async () => {
    await provider.write(target, { set: { a: '1' }, remove: [] }, context);
    await provider.write(target, { set: { a: '2' }, remove: [] }, context);
    await provider.remove(target);
    expect(await client.readMetadata('slipway/team-a-dev/db-credentials')).toBeUndefined();
    await provider.remove(target);
  });

  it('re-reads and writes again when another writer got in between, keeping both changes', async () => {
    await provider.write(target, { set: { a: '1' }, remove: [] }, context);
    const read = client.readSecret.bind(client);
    jest.spyOn(client, 'readSecret').mockImplementationOnce(async path => {
      const before = await read(path);
      await client.writeSecret(path, { ...before!.data, other: 'theirs' });
      return before;
    });
    await provider.write(target, { set: { mine: 'ours' }, remove: [] }, context);
    expect(await stored()).toEqual({ data: { a: '1', other: 'theirs', mine: 'ours' }, version: 3 });
  });

  it('gives up after a second conflict, naming the path and not the value', async () => {
    const read = client.readSecret.bind(client);
    jest.spyOn(client, 'readSecret').mockImplementation(async path => {
      const before = await read(path);
      await client.writeSecret(path, { other: 'theirs' });
      return before;
    });
    const error = await provider.write(target, { set: { password: VALUE }, remove: [] }, context).catch(e => e);
    expect(error.message).toBe(
      `Vault POST ${vault.address}/v1/secret/data/slipway/team-a-dev/db-credentials answered 400: ` +
        'check-and-set parameter did not match the current version (another write came in between); retry',
    );
  });

  it('refuses a prefix the External Secrets Operator would strip as the mount, and names that are not Kubernetes names', () => {
    expect(() => new VaultKvProvider({ client, prefix: 'secret/slipway', store: { auth: storeAuth } })).toThrow(
      'Vault: prefix "secret/slipway" must be non-empty and must not start with the KV mount name "secret"; choose another prefix',
    );
    expect(() => provider.remoteKey({ namespace: 'team-a', name: '../x' })).toThrow('Vault: "../x" is not a Kubernetes namespace or Secret name');
  });

  it('describes the ClusterSecretStore for ESO v0.16.2 vault provider with token auth', () => {
    expect(provider.clusterSecretStore()).toEqual({
      name: 'slipway-vault',
      spec: {
        provider: {
          vault: {
            server: vault.address,
            path: 'secret',
            version: 'v2',
            auth: { tokenSecretRef: { name: 'vault-token', namespace: 'slipway', key: 'token' } },
          },
        },
      },
    });
  });

  it('describes Kubernetes auth, a Vault namespace and the CA bundle for the operator', () => {
    const enterprise = VaultClient.create({ address: 'https://vault.example.com:8200/', mount: 'kv', namespace: 'platform', auth: { method: 'token', token: 't' } });
    Object.defineProperty(enterprise, 'caBundle', { value: 'PEM' });
    const kubernetes = new VaultKvProvider({
      client: enterprise,
      store: {
        name: 'vault',
        server: 'https://vault.vault.svc:8200',
        auth: { kubernetes: { role: 'eso', serviceAccountRef: { name: 'external-secrets', namespace: 'external-secrets' } } },
      },
    });
    expect(kubernetes.clusterSecretStore()).toEqual({
      name: 'vault',
      spec: {
        provider: {
          vault: {
            server: 'https://vault.vault.svc:8200',
            path: 'kv',
            version: 'v2',
            namespace: 'platform',
            caBundle: Buffer.from('PEM').toString('base64'),
            auth: { kubernetes: { mountPath: 'kubernetes', role: 'eso', serviceAccountRef: { name: 'external-secrets', namespace: 'external-secrets' } } },
          },
        },
      },
    });
  });
});
