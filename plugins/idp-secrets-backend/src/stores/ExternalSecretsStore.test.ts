import { FIELD_MANAGER } from '@internal/plugin-idp-kubernetes-node';
import { ApiException, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { expectedSyncedResourceVersion, ExternalSecretsStore } from './ExternalSecretsStore';
import { ExternalSecretProvider } from './types';

function fakeProvider(): jest.Mocked<ExternalSecretProvider> {
  return {
    kind: 'kubernetes',
    clusterSecretStore: jest.fn(() => ({ name: 'slipway-kubernetes', spec: { provider: { kubernetes: { remoteNamespace: 'slipway-secret-values' } } } })),
    remoteKey: jest.fn(target => `${target.namespace}.${target.name}`),
    write: jest.fn(async (..._args: Parameters<ExternalSecretProvider['write']>) => undefined),
    rotate: jest.fn(async (..._args: Parameters<ExternalSecretProvider['rotate']>) => undefined),
    dropPrevious: jest.fn(async (..._args: Parameters<ExternalSecretProvider['dropPrevious']>) => undefined),
    remove: jest.fn(async (..._args: Parameters<ExternalSecretProvider['remove']>) => undefined),
  };
}

function fakeObjects() {
  return { patch: jest.fn(async () => ({})), read: jest.fn(), delete: jest.fn(async () => ({})) };
}

const target = { namespace: 'team-a-dev', name: 'db-credentials' };
const context = { version: 3, updatedBy: 'user:default/alice' };
const applyArgs = [undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply];

function setup(options = {}) {
  const objects = fakeObjects();
  const provider = fakeProvider();
  const store = new ExternalSecretsStore(objects as unknown as KubernetesObjectApi, provider, options);
  return { objects, provider, store };
}

describe('ExternalSecretsStore', () => {
  it('writes to the provider first, then applies the ExternalSecret with a force-sync annotation at the version', async () => {
    const { objects, provider, store } = setup({ refreshInterval: '15m' });
    const change = { set: { password: 's3cret' }, remove: ['old'] };
    await store.write(target, change, context);

    expect(provider.write).toHaveBeenCalledWith(target, change, context);
    expect(provider.write.mock.invocationCallOrder[0]).toBeLessThan(objects.patch.mock.invocationCallOrder[0]);
    expect(objects.patch).toHaveBeenCalledTimes(1);
    expect(objects.patch).toHaveBeenCalledWith(
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: 'db-credentials', namespace: 'team-a-dev', annotations: { 'force-sync': '3' } },
        spec: {
          refreshInterval: '15m',
          secretStoreRef: { kind: 'ClusterSecretStore', name: 'slipway-kubernetes' },
          target: { name: 'db-credentials', creationPolicy: 'Owner' },
          dataFrom: [{ extract: { key: 'team-a-dev.db-credentials' } }],
        },
      },
      ...applyArgs,
    );
    // The value goes to the provider only.
    expect(JSON.stringify(objects.patch.mock.calls)).not.toContain('s3cret');
  });

  it('defaults the refresh interval to 1h and re-applies after a rotation and after the grace window', async () => {
    const { objects, provider, store } = setup();
    await store.rotate(target, { password: 'n3w' }, context);
    await store.dropPrevious(target, ['password'], { version: 4, updatedBy: 'schedule' });
    expect(provider.rotate).toHaveBeenCalledWith(target, { password: 'n3w' }, context);
    expect(provider.dropPrevious).toHaveBeenCalledWith(target, ['password'], { version: 4, updatedBy: 'schedule' });
    const applied = objects.patch.mock.calls.map(call => (call as any[])[0]);
    expect(applied.map(o => [o.metadata.annotations['force-sync'], o.spec.refreshInterval])).toEqual([
      ['3', '1h'],
      ['4', '1h'],
    ]);
  });

  it('does not apply the ExternalSecret when the provider write fails', async () => {
    const { objects, provider, store } = setup();
    provider.write.mockRejectedValueOnce(new Error('provider down'));
    await expect(store.write(target, { set: { a: 'b' }, remove: [] }, context)).rejects.toThrow('provider down');
    expect(objects.patch).not.toHaveBeenCalled();
  });

  it('applies the provider ClusterSecretStore', async () => {
    const { objects, store } = setup();
    await store.applyClusterSecretStore();
    expect(objects.patch).toHaveBeenCalledWith(
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ClusterSecretStore',
        metadata: { name: 'slipway-kubernetes' },
        spec: { provider: { kubernetes: { remoteNamespace: 'slipway-secret-values' } } },
      },
      ...applyArgs,
    );
  });

  it('applies a Password generator and an ExternalSecret that renames its output to the key', async () => {
    const { objects, store } = setup();
    await store.applyGenerated(target, { key: 'api-token', length: 32, digits: 4, symbols: 0 }, '720h');
    expect(objects.patch.mock.calls.map(call => (call as any[])[0])).toEqual([
      {
        apiVersion: 'generators.external-secrets.io/v1alpha1',
        kind: 'Password',
        metadata: { name: 'db-credentials', namespace: 'team-a-dev' },
        spec: { length: 32, digits: 4, symbols: 0 },
      },
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: 'db-credentials', namespace: 'team-a-dev' },
        spec: {
          refreshInterval: '720h',
          target: { name: 'db-credentials', creationPolicy: 'Owner' },
          dataFrom: [
            {
              sourceRef: { generatorRef: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'Password', name: 'db-credentials' } },
              rewrite: [{ regexp: { source: '^password$', target: 'api-token' } }],
            },
          ],
        },
      },
    ]);
  });

  it('removes the ExternalSecret, the generator and the provider secret, ignoring absent ones', async () => {
    const { objects, provider, store } = setup();
    objects.delete.mockRejectedValueOnce(new ApiException(404, 'Not Found', { message: 'not found' }, {}));
    await store.remove(target);
    expect(objects.delete.mock.calls.map(call => (call as any[])[0].kind)).toEqual(['ExternalSecret', 'Password']);
    expect(provider.remove).toHaveBeenCalledWith(target);
  });

  it('says what to do when the apply is refused', async () => {
    const { objects, store } = setup();
    objects.patch.mockRejectedValueOnce(new ApiException(403, 'Forbidden', { message: 'externalsecrets is forbidden' }, {}));
    await expect(store.write(target, { set: {}, remove: [] }, context)).rejects.toThrow(
      'Could not apply ExternalSecret team-a-dev/db-credentials: externalsecrets is forbidden. Check that the platform identity may apply external-secrets.io objects there.',
    );
  });

  describe('syncStatus', () => {
    const metadata = { name: 'db-credentials', namespace: 'team-a-dev', generation: 2, annotations: { 'force-sync': '3' } };
    const status = (store: ReturnType<typeof setup>, object: unknown) => {
      store.objects.read.mockResolvedValueOnce(object);
      return store.store.syncStatus(target);
    };

    it('is synced once ESO has synced this generation and these annotations', async () => {
      const s = setup();
      const ready = { type: 'Ready', status: 'True', reason: 'SecretSynced' };
      expect(await status(s, { metadata, status: { conditions: [ready], syncedResourceVersion: expectedSyncedResourceVersion(metadata) } })).toEqual({
        state: 'synced',
      });
      // Ready from the previous write: the annotation changed since.
      const previous = { ...metadata, annotations: { 'force-sync': '2' } };
      expect(await status(s, { metadata, status: { conditions: [ready], syncedResourceVersion: expectedSyncedResourceVersion(previous) } })).toMatchObject({
        state: 'pending',
      });
      expect(await status(s, { metadata })).toMatchObject({ state: 'pending' });
    });

    it('is failed with the operator message when Ready is False, and when there is no ExternalSecret', async () => {
      const s = setup();
      const failed = { type: 'Ready', status: 'False', reason: 'SecretSyncedError', message: 'could not get secret data from provider' };
      expect(await status(s, { metadata, status: { conditions: [failed] } })).toEqual({
        state: 'failed',
        message: 'The External Secrets Operator could not sync it: could not get secret data from provider',
      });
      s.objects.read.mockRejectedValueOnce(new ApiException(404, 'Not Found', {}, {}));
      expect(await s.store.syncStatus(target)).toMatchObject({ state: 'failed', message: expect.stringMatching(/save the secret again/) });
    });
  });

  it('computes the synced resource version as ESO does', () => {
    // Read from ESO v0.16.2 on the local cluster after it synced this ExternalSecret.
    expect(expectedSyncedResourceVersion({ generation: 1, annotations: { 'force-sync': '7', 'slipway.dev/note': 'two words' }, labels: { team: 'a' } })).toBe(
      '1-f679a6f512ab18f42df4df4e6748c2eca7d20f9802a8344b9f83a578',
    );
  });
});
