/*
 * The preview and Score import through the real plugin, against the real local control plane.
 */
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { appDeployPermission } from '@internal/plugin-idp-apps-common';
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { renderEnvironment, resolveEnvironmentTypes } from '@internal/plugin-idp-environments-common';
import { ClusterAccess, clusterAccessServiceRef } from '@internal/plugin-idp-kubernetes-node';
import { CoreV1Api, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { appsPlugin } from './plugin';

jest.setTimeout(120_000);

const alice = 'user:default/alice';
const environment = `pv-${randomBytes(3).toString('hex')}`;
const namespace = `team-a-${environment}`;
const production = `pvp-${randomBytes(3).toString('hex')}`;
const app = { name: 'user-service', team: 'team-a', image: 'registry.example.com/team-a/user-service:1.4.2', port: 8080, type: 'web' };

let server: Parameters<typeof request>[0];
let admin: CoreV1Api;

beforeAll(async () => {
  const local = await ensureLocalCluster();
  const kc = loadKubeConfig(local.adminKubeconfig);
  admin = kc.makeApiClient(CoreV1Api);
  const writer = KubernetesObjectApi.makeApiClient(kc);
  for (const [name, type] of [[environment, 'development'], [production, 'production']] as const) {
    const objects = renderEnvironment({
      environment: { team: 'team-a', name, type, owner: alice, createdAt: new Date().toISOString(), protected: false },
      settings: resolveEnvironmentTypes(undefined).find(t => t.type === type)!,
    });
    for (const object of objects) await writer.patch(object as any, undefined, undefined, 'slipway', true, PatchStrategy.ServerSideApply);
  }

  const permissions = mockServices.permissions.mock();
  // Slipway's policy lets a team read only its own environments; carol is on team-b. Nobody deploys to production directly.
  permissions.authorize.mockImplementation(async (requests, options) =>
    requests.map(r => {
      const isAlice = (options.credentials.principal as { userEntityRef?: string }).userEntityRef === alice;
      const productionDeploy = r.permission.name === appDeployPermission.name && (r as { resourceRef?: string }).resourceRef === `team-a-${production}`;
      return { result: isAlice && !productionDeploy ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    }),
  );
  ({ server } = await startTestBackend({
    features: [
      appsPlugin,
      permissions.factory,
      mockServices.userInfo.factory(),
      createServiceFactory({ service: clusterAccessServiceRef, deps: {}, factory: () => new ClusterAccess(loadKubeConfig(local.backendKubeconfig)) }),
    ],
  }));
});

afterAll(async () => {
  await Promise.all([namespace, `team-a-${production}`].map(name => admin.deleteNamespace({ name }).catch(() => undefined)));
});

const preview = (body: unknown, user = alice) => request(server).post('/api/idp-apps/preview').set('Authorization', mockCredentials.user.header(user)).send(body as object);

describe('POST /preview', () => {
  it('renders the manifests for the chosen environment with the guard rails’ verdict, writing nothing', async () => {
    const res = await preview({ spec: { ...app, resources: {} }, environment });
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([]);
    expect(res.body.environment).toEqual({ namespace, type: 'development' });
    expect(res.body.manifests).toContain(`kind: Deployment\nmetadata:\n  name: user-service\n  namespace: ${namespace}`);
    expect(res.body.guardRails.passed).toBe(true);
    expect(res.body.guardRails.rules.map((r: { id: string }) => r.id)).toContain('allowed-registries');
  });

  it('notes that a production deploy becomes a request a tech lead approves, instead of refusing it', async () => {
    const res = await preview({ spec: app, environment: production });
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([]);
    expect(res.body.notes).toEqual(['This creates a deploy request; a tech lead of team-a approves it']);
    expect(res.body.environment).toEqual({ namespace: `team-a-${production}`, type: 'production' });
    expect(res.body.manifests).toContain(`namespace: team-a-${production}`);
    // A deploy the caller makes directly has nothing to note.
    expect((await preview({ spec: app, environment })).body.notes).toEqual([]);
  });

  it('names the guard rail a spec breaks, and the fix', async () => {
    const res = await preview({ spec: { ...app, image: 'docker.io/library/nginx:1.27' }, environment });
    expect(res.body.guardRails.passed).toBe(false);
    expect(res.body.guardRails.violations).toEqual([expect.objectContaining({ ruleId: 'allowed-registries', fix: expect.any(String) })]);
  });

  it('judges expert-mode YAML instead of the rendering', async () => {
    const rendered = (await preview({ spec: app, environment })).body.manifests as string;
    const edited = rendered.replace('runAsNonRoot: true', 'runAsNonRoot: false');
    const res = await preview({ spec: app, environment, expertYaml: edited });
    expect(res.body.guardRails.violations).toEqual([expect.objectContaining({ ruleId: 'pod-security-restricted' })]);
    const foreign = await preview({ spec: app, environment, expertYaml: `${rendered}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n` });
    expect(foreign.body.errors).toEqual([expect.objectContaining({ field: 'expertYaml', message: expect.stringContaining('an app may only contain') })]);
  });

  it('reports invalid fields, missing and foreign environments as field errors', async () => {
    const invalid = await preview({ spec: { ...app, image: 'registry.example.com/team-a/x:latest', port: 0 }, environment });
    expect(invalid.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'spec.image', message: expect.stringContaining('Pin a version instead of :latest') },
        { field: 'spec.port', message: expect.stringContaining('Use a port from 1 to 65535') },
      ]),
    );
    expect((await preview({ spec: app, environment: '' })).body.errors).toEqual([{ field: 'environment', message: 'Choose the environment to deploy to' }]);
    expect((await preview({ spec: app, environment: 'nowhere' })).body.errors[0].message).toMatch(/team-a has no environment "nowhere"/);
    const carol = await preview({ spec: app, environment }, 'user:default/carol');
    expect(carol.body).toEqual({ errors: [{ field: 'environment', message: expect.stringContaining('you can deploy to') }] });
  });

  it('refuses a request without a spec, and anonymous callers', async () => {
    expect((await preview({ environment })).status).toBe(400);
    expect((await request(server).post('/api/idp-apps/preview').set('Authorization', mockCredentials.none.header()).send({ spec: app })).status).toBe(401);
  });
});

describe('POST /score-import', () => {
  const score = `apiVersion: score.dev/v1b1
metadata:
  name: hello
containers:
  main:
    image: registry.example.com/team-a/hello:2.0.1
service:
  ports:
    www:
      port: 8080
`;
  it('turns a score.yaml into an app spec, the rest from the golden path', async () => {
    const res = await request(server).post('/api/idp-apps/score-import').set('Authorization', mockCredentials.user.header(alice)).send({ score, team: 'team-a', type: 'web' });
    expect(res.status).toBe(200);
    expect(res.body.spec).toMatchObject({ name: 'hello', team: 'team-a', type: 'web', image: 'registry.example.com/team-a/hello:2.0.1', port: 8080 });
    expect(Array.isArray(res.body.notes)).toBe(true);
  });

  it('names what the Score file gets wrong', async () => {
    const res = await request(server)
      .post('/api/idp-apps/score-import')
      .set('Authorization', mockCredentials.user.header(alice))
      .send({ score: score.replace('image:', 'command: [x]\n    image:'), team: 'team-a', type: 'web' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/cannot be imported: containers\.main\.command: Slipway runs the image’s own entrypoint/);
    const missing = await request(server).post('/api/idp-apps/score-import').set('Authorization', mockCredentials.user.header(alice)).send({ score });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/team: Name the team/);
  });
});
