import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ClusterAccess, clusterAccessServiceRef } from '@internal/plugin-idp-kubernetes-node';
import { KubeConfig } from '@kubernetes/client-node';
import request from 'supertest';
import { costsPlugin } from './plugin';

// The plugin wiring only: a cluster that is never called (the sampler is tested against the real one).
const fakeCluster = () => {
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: [{ name: 'c', server: 'https://127.0.0.1:1' }], users: [{ name: 'u' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x' });
  return new ClusterAccess(kc);
};

describe('costsPlugin', () => {
  const features = (costs: object) => [
    costsPlugin,
    mockServices.rootConfig.factory({ data: { slipway: { costs } } }),
    createServiceFactory({ service: clusterAccessServiceRef, deps: {}, factory: fakeCluster }),
  ];

  it('serves OpenCost default prices with configured overrides as the current period', async () => {
    const { server } = await startTestBackend({ features: features({ prices: { cpuCoreHour: 0.05 } }) });
    const res = await request(server).get('/api/idp-costs/price-sheet').set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.current).toEqual({ currency: 'USD', cpuCoreHour: 0.05, ramGiBHour: 0.004237, storageGiBMonth: 0.04 });
  });

  it('refuses to start with a negative price', async () => {
    await expect(startTestBackend({ features: features({ prices: { ramGiBHour: -1 } }) })).rejects.toThrow(/slipway\.costs\.prices\.ramGiBHour/);
  });

  it('refuses to start with a target utilisation above 1', async () => {
    await expect(startTestBackend({ features: features({ targetUtilization: 70 }) })).rejects.toThrow(/slipway\.costs\.targetUtilization .* at most 1/);
  });
});
