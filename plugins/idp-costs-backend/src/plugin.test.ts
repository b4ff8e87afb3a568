import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { costsPlugin } from './plugin';

describe('costsPlugin', () => {
  it('serves OpenCost default prices with configured overrides', async () => {
    const { server } = await startTestBackend({
      features: [costsPlugin, mockServices.rootConfig.factory({ data: { slipway: { costs: { prices: { cpuCoreHour: 0.05 } } } } })],
    });
    const res = await request(server).get('/api/idp-costs/price-sheet').set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ currency: 'USD', cpuCoreHour: 0.05, ramGiBHour: 0.004237, storageGiBMonth: 0.04 });
  });

  it('refuses to start with a negative price', async () => {
    await expect(
      startTestBackend({
        features: [costsPlugin, mockServices.rootConfig.factory({ data: { slipway: { costs: { prices: { ramGiBHour: -1 } } } } })],
      }),
    ).rejects.toThrow(/slipway\.costs\.prices\.ramGiBHour/);
  });
});
