/*
 * Audit events through the real plugin and the real local control plane: the plugin hands its
 * auditor to the routes, and the acting principal comes from each request's credentials (the
 * user, the CI service principal, nobody for GitHub's webhook).
 */
import { AuditorServiceCreateEventOptions, coreServices, createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { ClusterAccess, clusterAccessServiceRef } from '@internal/plugin-idp-kubernetes-node';
import { CoreV1Api } from '@kubernetes/client-node';
import { createHmac, randomInt } from 'node:crypto';
import request from 'supertest';
import { environmentsPlugin } from './plugin';

jest.setTimeout(120_000);

const SECRET = 'webhook-audit-test-secret';
const REPOSITORY = 'myorg/audit-service';

interface Recorded {
  eventId: string;
  severityLevel?: string;
  status: 'initiated' | 'succeeded' | 'failed';
  actorId?: string;
  meta: Record<string, unknown>;
  error?: Error;
}
const recorded: Recorded[] = [];

/**
 * Records events the way Backstage's DefaultAuditorService logs them: the actor is the principal of
 * the request's credentials, or the plugin itself when there is no request.
 */
const recordingAuditor = createServiceFactory({
  service: coreServices.auditor,
  deps: { auth: coreServices.auth, httpAuth: coreServices.httpAuth },
  factory: ({ auth, httpAuth }) => ({
    async createEvent(options: AuditorServiceCreateEventOptions) {
      const credentials = options.request ? await httpAuth.credentials(options.request) : await auth.getOwnServiceCredentials();
      let actorId: string | undefined;
      if (auth.isPrincipal(credentials, 'user')) actorId = credentials.principal.userEntityRef;
      else if (auth.isPrincipal(credentials, 'service')) actorId = credentials.principal.subject;
      const record = (status: Recorded['status'], end?: { meta?: object; error?: Error }) =>
        void recorded.push({ eventId: options.eventId, severityLevel: options.severityLevel, status, actorId, meta: { ...options.meta, ...end?.meta }, error: end?.error });
      record('initiated');
      return { success: async (end?: { meta?: object }) => record('succeeded', end), fail: async (end: { meta?: object; error: Error }) => record('failed', end) };
    },
  }),
});

let server: Parameters<typeof request>[0];
let admin: CoreV1Api;
const created: string[] = [];

beforeAll(async () => {
  const local = await ensureLocalCluster();
  admin = loadKubeConfig(local.adminKubeconfig).makeApiClient(CoreV1Api);
  const backend = await startTestBackend({
    features: [
      environmentsPlugin,
      recordingAuditor,
      // As in production: a request without a token has no principal.
      mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
      createServiceFactory({ service: clusterAccessServiceRef, deps: {}, factory: () => new ClusterAccess(loadKubeConfig(local.backendKubeconfig)) }),
      mockServices.rootConfig.factory({
        data: {
          slipway: {
            environments: {
              previews: { repositories: [{ repository: REPOSITORY, team: 'team-a' }], github: { webhookSecret: SECRET } },
              janitor: { frequency: { hours: 24 } },
            },
          },
        },
      }),
    ],
  });
  server = backend.server;
});

beforeEach(() => {
  recorded.length = 0;
});

afterAll(async () => {
  await Promise.all(created.map(name => admin.deleteNamespace({ name }).catch(() => undefined)));
});

/** The events that ended, in order. */
const ended = () => recorded.filter(e => e.status !== 'initiated');

describe('audit events through the plugin', () => {
  it('names the signed-in user of a refused creation', async () => {
    // The test backend's user owns nothing but themselves: the rules refuse a team environment.
    const res = await request(server)
      .post('/api/idp-environments/environments')
      .set('Authorization', mockCredentials.user.header('user:default/alice'))
      .send({ team: 'team-a', name: `audit-${randomInt(1000, 9999)}`, type: 'development' });
    expect(res.status).toBe(403);
    expect(recorded.map(e => [e.eventId, e.status, e.actorId])).toEqual([
      ['environment-create', 'initiated', 'user:default/alice'],
      ['environment-create', 'failed', 'user:default/alice'],
    ]);
    expect(recorded[1]).toMatchObject({ severityLevel: 'medium', meta: { team: 'team-a', type: 'development', outcome: 'refused' } });
  });

  it('names the CI service principal of preview changes, created then updated then deleted', async () => {
    const body = { team: 'team-a', repository: REPOSITORY, pullRequest: randomInt(1000, 9999) };
    // The mock service token stands for a CI system's external access token.
    const ci = mockCredentials.service.header();
    const subject = mockCredentials.service().principal.subject;
    const first = await request(server).post('/api/idp-environments/previews').set('Authorization', ci).send(body);
    expect(first.status).toBe(200);
    created.push(first.body.namespace);
    expect((await request(server).post('/api/idp-environments/previews').set('Authorization', ci).send(body)).status).toBe(200);
    expect((await request(server).delete('/api/idp-environments/previews').set('Authorization', ci).send(body)).status).toBe(204);

    expect(ended().map(e => [e.eventId, e.status, e.actorId, e.meta.outcome])).toEqual([
      ['preview-upsert', 'succeeded', subject, 'created'],
      ['preview-upsert', 'succeeded', subject, 'updated'],
      ['preview-remove', 'succeeded', subject, 'deleted'],
    ]);
    for (const event of ended()) {
      expect(event.meta).toMatchObject({ namespace: first.body.namespace, team: 'team-a', repository: REPOSITORY, pullRequest: body.pullRequest, type: 'preview' });
    }
  });

  it('records the GitHub webhook without a Backstage principal, and a forged call as refused', async () => {
    const pullRequest = randomInt(1000, 9999);
    const send = (action: string, secret = SECRET) => {
      const raw = JSON.stringify({ action, number: pullRequest, repository: { full_name: REPOSITORY }, sender: { login: 'octocat' } });
      return request(server)
        .post('/api/idp-environments/webhooks/github')
        .set('content-type', 'application/json')
        .set('x-github-event', 'pull_request')
        .set('x-hub-signature-256', `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`)
        .send(raw);
    };
    const opened = await send('opened');
    expect(opened.status).toBe(200);
    created.push(/preview (\S+) ready/.exec(opened.body.message)![1]);
    expect((await send('closed', 'not-the-secret')).status).toBe(401);
    expect((await send('closed')).status).toBe(200);

    expect(ended().map(e => [e.eventId, e.severityLevel, e.status, e.actorId, e.meta.action, e.meta.outcome])).toEqual([
      ['github-webhook', 'medium', 'succeeded', undefined, 'opened', 'upserted'],
      ['github-webhook', 'high', 'failed', undefined, 'closed', 'refused'],
      ['github-webhook', 'high', 'succeeded', undefined, 'closed', 'deleted'],
    ]);
    expect(ended()[0].meta).toMatchObject({ actor: 'github', repository: REPOSITORY, pullRequest, sender: 'octocat', team: 'team-a' });
    expect(ended()[1].meta).not.toHaveProperty('actor');
  });
});
