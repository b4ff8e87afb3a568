import { FIELD_MANAGER } from '@internal/plugin-idp-kubernetes-node';
import { ApiException, CoreV1Api, KubernetesObjectApi } from '@kubernetes/client-node';
import { KubernetesSecretProvider, providerSecretName } from './KubernetesSecretProvider';
import { dataPath } from './secretPatches';

const target = { namespace: 'team-a-dev', name: 'db-credentials' };
const b64 = (s: string) => Buffer.from(s).toString('base64');

function setup() {
  const core = {
    patchNamespacedSecret: jest.fn(async () => ({})),
    createNamespacedSecret: jest.fn(async () => ({})),
    deleteNamespacedSecret: jest.fn(async () => ({})),
  };
  const provider = new KubernetesSecretProvider(core as unknown as CoreV1Api, {} as KubernetesObjectApi, { apiServerUrl: 'https://127.0.0.1:16443' });
  return { core, provider };
}

/** The request of the n-th patch call and the Content-Type its options set (the patch kind). */
function patchCall(core: ReturnType<typeof setup>['core'], n = 0) {
  const [request, options] = core.patchNamespacedSecret.mock.calls[n] as unknown as [any, any];
  const headers: Record<string, string> = {};
  for (const middleware of options?.middleware ?? []) middleware.pre({ setHeaderParam: (key: string, value: string) => (headers[key] = value) });
  return { request, contentType: headers['Content-Type'] };
}

describe('providerSecretName', () => {
  it('is <namespace>.<name>, which cannot collide because namespaces have no dots', () => {
    expect(providerSecretName(target)).toBe('team-a-dev.db-credentials');
    expect(providerSecretName({ namespace: 'a', name: 'b.c' })).not.toBe(providerSecretName({ namespace: 'a-b', name: 'c' }));
  });

  it('stays within 253 characters and distinct for long names', () => {
    const namespace = 'n'.repeat(63);
    const one = providerSecretName({ namespace, name: `${'x'.repeat(240)}-one` });
    const two = providerSecretName({ namespace, name: `${'x'.repeat(240)}-two` });
    expect(one.length).toBeLessThanOrEqual(253);
    expect(two.length).toBeLessThanOrEqual(253);
    expect(one).not.toBe(two);
    expect(one).toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
  });
});

describe('KubernetesSecretProvider', () => {
  it('points its ClusterSecretStore at the values namespace, read with the reader service account', () => {
    expect(setup().provider.clusterSecretStore()).toEqual({
      name: 'slipway-kubernetes',
      spec: {
        provider: {
          kubernetes: {
            remoteNamespace: 'slipway-secret-values',
            server: {
              url: 'https://127.0.0.1:16443',
              caProvider: { type: 'ConfigMap', name: 'kube-root-ca.crt', key: 'ca.crt', namespace: 'slipway-secret-values' },
            },
            auth: { serviceAccount: { name: 'slipway-secret-values-reader', namespace: 'slipway-secret-values' } },
          },
        },
      },
    });
  });

  it('writes with one merge patch: set keys, removed keys as null, version annotations', async () => {
    const { core, provider } = setup();
    await provider.write(target, { set: { password: 'pw' }, remove: ['old'] }, { version: 2, updatedBy: 'user:default/alice' });
    expect(core.patchNamespacedSecret).toHaveBeenCalledTimes(1);
    expect(patchCall(core).contentType).toBe('application/merge-patch+json');
    expect(patchCall(core).request).toEqual({
      name: 'team-a-dev.db-credentials',
      namespace: 'slipway-secret-values',
      fieldManager: FIELD_MANAGER,
      body: {
        metadata: {
          annotations: {
            'slipway.dev/secret-version': '2',
            'slipway.dev/secret-updated-by': 'user:default/alice',
            'slipway.dev/secret-target': 'team-a-dev/db-credentials',
          },
        },
        data: { old: null, password: b64('pw') },
      },
    });
    expect(core.createNamespacedSecret).not.toHaveBeenCalled();
  });

  it('creates the Secret with the set keys when the patch finds none', async () => {
    const { core, provider } = setup();
    core.patchNamespacedSecret.mockRejectedValueOnce(new ApiException(404, 'Not Found', {}, {}));
    await provider.write(target, { set: { password: 'pw' }, remove: ['old'] }, { version: 1, updatedBy: 'user:default/alice' });
    expect((core.createNamespacedSecret.mock.calls[0] as unknown as [any])[0]).toMatchObject({
      namespace: 'slipway-secret-values',
      body: { metadata: { name: 'team-a-dev.db-credentials' }, type: 'Opaque', data: { password: b64('pw') } },
    });
  });

  it('rotates with one JSON patch: version test, copy to .previous, replace', async () => {
    const { core, provider } = setup();
    await provider.rotate(target, { password: 'new' }, { version: 5, updatedBy: 'schedule' });
    expect(patchCall(core).contentType).toBe('application/json-patch+json');
    expect(patchCall(core).request.body).toEqual([
      { op: 'test', path: '/metadata/annotations/slipway.dev~1secret-version', value: '4' },
      { op: 'copy', from: '/data/password', path: '/data/password.previous' },
      { op: 'replace', path: '/data/password', value: b64('new') },
      { op: 'add', path: '/metadata/annotations/slipway.dev~1secret-version', value: '5' },
      { op: 'add', path: '/metadata/annotations/slipway.dev~1secret-updated-by', value: 'schedule' },
      { op: 'add', path: '/metadata/annotations/slipway.dev~1secret-target', value: 'team-a-dev/db-credentials' },
    ]);
  });

  it('drops previous values with null in a merge patch (absent keys are fine) and ignores a missing Secret', async () => {
    const { core, provider } = setup();
    await provider.dropPrevious(target, ['password', 'token'], { version: 6, updatedBy: 'schedule' });
    expect(patchCall(core).contentType).toBe('application/merge-patch+json');
    expect(patchCall(core).request.body.data).toEqual({ 'password.previous': null, 'token.previous': null });
    core.patchNamespacedSecret.mockRejectedValueOnce(new ApiException(404, 'Not Found', {}, {}));
    await expect(provider.dropPrevious(target, ['password'], { version: 7, updatedBy: 'schedule' })).resolves.toBeUndefined();
  });

  it('removes idempotently and explains other failures', async () => {
    const { core, provider } = setup();
    core.deleteNamespacedSecret.mockRejectedValueOnce(new ApiException(404, 'Not Found', {}, {}));
    await expect(provider.remove(target)).resolves.toBeUndefined();
    core.deleteNamespacedSecret.mockRejectedValueOnce(new ApiException(403, 'Forbidden', { message: 'secrets is forbidden' }, {}));
    await expect(provider.remove(target)).rejects.toThrow(
      'Could not delete secret team-a-dev/db-credentials in the secret values namespace slipway-secret-values: secrets is forbidden. Check that',
    );
  });

  it('escapes JSON pointers', () => {
    expect(dataPath('a/b~c')).toBe('/data/a~1b~0c');
  });
});
