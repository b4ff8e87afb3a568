import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ClusterAccess, clusterAccessServiceRef } from '@internal/plugin-idp-kubernetes-node';
import { KubeConfig } from '@kubernetes/client-node';
import request from 'supertest';
import { environmentsPlugin } from './plugin';

// These tests never reach a cluster; EnvironmentService.test.ts runs against the real one.
const unreachableCluster = createServiceFactory({
  service: clusterAccessServiceRef,
  deps: {},
  factory: () => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'none', server: 'https://127.0.0.1:1', skipTLSVerify: true }],
      users: [{ name: 'none', token: 'none' }],
      contexts: [{ name: 'none', cluster: 'none', user: 'none' }],
      currentContext: 'none',
    });
    return new ClusterAccess(kc);
  },
});

describe('environmentsPlugin', () => {
  it('serves the configured environment types to signed-in users', async () => {
    const { server } = await startTestBackend({
      features: [
        environmentsPlugin,
        unreachableCluster,
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
    const { server } = await startTestBackend({ features: [environmentsPlugin, unreachableCluster] });
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
          unreachableCluster,
          mockServices.rootConfig.factory({ data: { slipway: { environments: { types: { qa: {} } } } } }),
        ],
      }),
    ).rejects.toThrow(/slipway\.environments\.types\.qa: unknown type/);
  });

  it('answers 503 with what to check when the cluster cannot be reached', async () => {
    const { server } = await startTestBackend({ features: [environmentsPlugin, unreachableCluster] });
    const res = await request(server).get('/api/idp-environments/environments').set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(/Listing environments: cannot reach the Kubernetes cluster/);
    // The cluster's address is internal: the backend log has it, the user does not.
    expect(res.body.error.message).not.toMatch(/127\.0\.0\.1|https?:\/\//);
  });

  it('names each invalid field of a create request, and creates nothing', async () => {
    const { server } = await startTestBackend({ features: [environmentsPlugin, unreachableCluster] });
    const res = await request(server)
      .post('/api/idp-environments/environments')
      .set('Authorization', mockCredentials.user.header())
      .send({ team: 'team-a', name: 'Not_A_Label', type: 'qa' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/name: /);
    expect(res.body.error.message).toMatch(/type: /);
  });
});
