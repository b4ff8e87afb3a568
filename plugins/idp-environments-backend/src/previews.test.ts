/*
 * Preview environments over HTTP, against the real local control plane: the CI endpoint with a
 * service token, and GitHub's signed pull_request webhook.
 */
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { ClusterAccess, clusterAccessServiceRef } from '@internal/plugin-idp-kubernetes-node';
import { ApiException, CoreV1Api } from '@kubernetes/client-node';
import { createHmac, randomInt } from 'node:crypto';
import request from 'supertest';
import { environmentsPlugin } from './plugin';

jest.setTimeout(120_000);

const SECRET = 'webhook-test-secret';
let server: Parameters<typeof request>[0];
let admin: CoreV1Api;
const created: string[] = [];

beforeAll(async () => {
  const local = await ensureLocalCluster();
  admin = loadKubeConfig(local.adminKubeconfig).makeApiClient(CoreV1Api);
  const backend = await startTestBackend({
    features: [
      environmentsPlugin,
      createServiceFactory({
        service: clusterAccessServiceRef,
        deps: {},
        factory: () => new ClusterAccess(loadKubeConfig(local.backendKubeconfig)),
      }),
      mockServices.rootConfig.factory({
        data: {
          slipway: {
            environments: {
              previews: { repositories: [{ repository: 'myorg/user-service', team: 'team-a' }], github: { webhookSecret: SECRET } },
              janitor: { frequency: { hours: 24 } },
            },
          },
        },
      }),
    ],
  });
  server = backend.server;
});

afterAll(async () => {
  await Promise.all(created.map(name => admin.deleteNamespace({ name }).catch(() => undefined)));
});

async function phaseOf(name: string) {
  const ns = await admin.readNamespace({ name }).catch(e => e);
  return ns instanceof ApiException ? 'gone' : ns.status?.phase;
}

const sign = (body: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

function webhook(event: object, signature?: string) {
  const body = JSON.stringify(event);
  return request(server)
    .post('/api/idp-environments/webhooks/github')
    .set('content-type', 'application/json')
    .set('x-github-event', 'pull_request')
    .set('x-hub-signature-256', signature ?? sign(body))
    .send(body);
}

describe('preview environments', () => {
  it('creates the preview of a pull request for CI, and renews it on the next call', async () => {
    const pullRequest = randomInt(1000, 9999);
    const body = { team: 'team-a', repository: 'myorg/user-service', pullRequest };
    const first = await request(server).post('/api/idp-environments/previews').set('Authorization', mockCredentials.service.header()).send(body);
    expect(first.status).toBe(200);
    created.push(first.body.namespace);
    expect(first.body).toMatchObject({ team: 'team-a', type: 'preview', preview: { repository: 'myorg/user-service', pullRequest } });
    expect(first.body.namespace).toContain(String(pullRequest));

    const second = await request(server).post('/api/idp-environments/previews').set('Authorization', mockCredentials.service.header()).send(body);
    expect(second.status).toBe(200);
    expect(second.body.namespace).toBe(first.body.namespace);
    expect(second.body.createdAt).toBe(first.body.createdAt);

    const removed = await request(server).delete('/api/idp-environments/previews').set('Authorization', mockCredentials.service.header()).send(body);
    expect(removed.status).toBe(204);
    expect(await phaseOf(first.body.namespace)).toMatch(/gone|Terminating/);
  });

  it('refuses a repository of another team, or one without a preview team', async () => {
    const wrongTeam = await request(server)
      .post('/api/idp-environments/previews')
      .set('Authorization', mockCredentials.service.header())
      .send({ team: 'team-b', repository: 'myorg/user-service', pullRequest: 1 });
    expect(wrongTeam.status).toBe(400);
    expect(wrongTeam.body.error.message).toBe('team: previews of myorg/user-service belong to team-a, not team-b');
    const unknown = await request(server)
      .post('/api/idp-environments/previews')
      .set('Authorization', mockCredentials.service.header())
      .send({ team: 'team-a', repository: 'myorg/other', pullRequest: 1 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/"myorg\/other" has no preview team; add it to slipway.environments.previews.repositories/);
  });

  it('follows a signed GitHub pull_request webhook: opened creates, closed deletes', async () => {
    const pullRequest = randomInt(1000, 9999);
    const event = (action: string) => ({ action, number: pullRequest, repository: { full_name: 'myorg/user-service' } });

    const opened = await webhook(event('opened'));
    expect(opened.status).toBe(200);
    const namespace = /preview (\S+) ready/.exec(opened.body.message)?.[1];
    expect(namespace).toBeDefined();
    created.push(namespace!);
    expect(await phaseOf(namespace!)).toBe('Active');

    const closed = await webhook(event('closed'));
    expect(closed.status).toBe(200);
    expect(closed.body.message).toBe(`preview of myorg/user-service#${pullRequest} deleted`);
    expect(await phaseOf(namespace!)).toMatch(/gone|Terminating/);
  });

  it('refuses a webhook with a bad signature and creates nothing', async () => {
    const pullRequest = randomInt(1000, 9999);
    const body = JSON.stringify({ action: 'opened', number: pullRequest, repository: { full_name: 'myorg/user-service' } });
    const forged = await webhook(JSON.parse(body), sign(body, 'not-the-secret'));
    expect(forged.status).toBe(401);
    expect(forged.body.error.message).toMatch(/Invalid or missing X-Hub-Signature-256/);
    const missing = await request(server)
      .post('/api/idp-environments/webhooks/github')
      .set('content-type', 'application/json')
      .set('x-github-event', 'pull_request')
      .send(body);
    expect(missing.status).toBe(401);
    const namespaces = await admin.listNamespace({ labelSelector: 'slipway.dev/type=preview' });
    expect(namespaces.items.map(n => n.metadata?.name).filter(n => n?.includes(String(pullRequest)))).toEqual([]);
  });
});
