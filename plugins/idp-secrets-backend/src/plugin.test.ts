import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { secretsPlugin } from './plugin';

/** A cluster setting the plugin can build its clients from; these tests never call the cluster. */
const cluster = {
  kubernetes: {
    clusterLocatorMethods: [{ type: 'config', clusters: [{ name: 'unused', url: 'https://127.0.0.1:9', authProvider: 'serviceAccount', serviceAccountToken: 'unused' }] }],
  },
};

describe('secretsPlugin', () => {
  it('tells signed-in users which store holds secrets', async () => {
    const { server } = await startTestBackend({ features: [secretsPlugin, mockServices.rootConfig.factory({ data: cluster })] });
    const res = await request(server).get('/api/idp-secrets/store').set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ type: 'kubernetes', referenceFormat: 'secret/<name>/<key>' });
  });

  it('refuses to start with an unknown store', async () => {
    await expect(
      startTestBackend({
        features: [secretsPlugin, mockServices.rootConfig.factory({ data: { ...cluster, slipway: { secrets: { store: 'safe' } } } })],
      }),
    ).rejects.toThrow('slipway.secrets.store: unknown store "safe"; supported: kubernetes');
  });
});
