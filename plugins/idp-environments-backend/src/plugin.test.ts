import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { environmentsPlugin } from './plugin';

describe('environmentsPlugin', () => {
  it('serves the configured environment types to signed-in users', async () => {
    const { server } = await startTestBackend({
      features: [
        environmentsPlugin,
        mockServices.rootConfig.factory({
          data: { slipway: { environments: { types: { development: { ttlDays: 2 } } } } },
        }),
      ],
    });

    const res = await request(server)
      .get('/api/idp-environments/environment-types')
      .set('Authorization', mockCredentials.user.header());

    expect(res.status).toBe(200);
    expect(res.body.items.map((t: { type: string }) => t.type)).toEqual(['development', 'preview', 'staging', 'production']);
    expect(res.body.items[0]).toMatchObject({ type: 'development', ttlDays: 2, maxTtlDays: 30 });
  });

  it('refuses callers that are not signed in', async () => {
    const { server } = await startTestBackend({ features: [environmentsPlugin] });
    const res = await request(server)
      .get('/api/idp-environments/environment-types')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });

  it('refuses to start with an invalid environment type, naming the key', async () => {
    await expect(
      startTestBackend({
        features: [
          environmentsPlugin,
          mockServices.rootConfig.factory({ data: { slipway: { environments: { types: { qa: {} } } } } }),
        ],
      }),
    ).rejects.toThrow(/slipway\.environments\.types\.qa: unknown type/);
  });
});
