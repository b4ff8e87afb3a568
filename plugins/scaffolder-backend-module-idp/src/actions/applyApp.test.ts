/*
 * The deploy actions against the real local control plane, acting as the signed-in user
 * through impersonation, exactly as in the portal.
 */
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { DEFAULT_GUARD_RAIL_SETTINGS } from '@internal/plugin-idp-apps-common';
import { DeploymentService } from '@internal/plugin-idp-apps-node';
import { Environment, EnvironmentType, environmentFromNamespace, renderEnvironment, resolveEnvironmentTypes } from '@internal/plugin-idp-environments-common';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { ApiException, AppsV1Api, CoreV1Api, KubernetesObjectApi, NetworkingV1Api, PatchStrategy, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { slipwayPolicyPermissions } from '@internal/plugin-permission-backend-module-slipway-policy/testUtils';
import { createApplyAppAction } from './applyApp';
import { createRenderAppAction } from './renderApp';
import { auditEvents } from '@internal/plugin-idp-environments-node/testUtils';

jest.setTimeout(180_000);

const OWNERSHIP: Record<string, string[]> = {
  'user:default/alice': ['group:default/team-a'],
  'user:default/carol': ['group:default/team-b'],
};
const userInfo = {
  async getUserInfo(credentials: any) {
    const ref = credentials.principal.userEntityRef;
    return { userEntityRef: ref, ownershipEntityRefs: [ref, ...(OWNERSHIP[ref] ?? [])] };
  },
};

let cluster: ClusterAccess;
// What the permission backend would load from idp-environments to apply the policy's conditions.
const environments = new Map<string, Environment>();
let admin: CoreV1Api;
let apps: AppsV1Api;
const namespaces: string[] = [];
let dev: string;
let prod: string;

async function createEnvironment(name: string, type: EnvironmentType) {
  const settings = resolveEnvironmentTypes(undefined).find(t => t.type === type)!;
  const objects = renderEnvironment({
    environment: { team: 'team-a', name, type, owner: 'user:default/alice', createdAt: new Date().toISOString(), protected: false },
    settings,
  });
  const client = KubernetesObjectApi.makeApiClient(loadKubeConfig((await ensureLocalCluster()).adminKubeconfig));
  for (const object of objects) await client.patch(object as any, undefined, undefined, 'slipway', true, PatchStrategy.ServerSideApply);
  namespaces.push(objects[0].metadata.name);
  environments.set(objects[0].metadata.name, environmentFromNamespace(objects[0] as any)!);
  return name;
}

const webApp = (name: string, image = 'registry.example.com/team-a/user-service:1.4.2') => ({ name, team: 'team-a', type: 'web', image, port: 8080 });

function context(input: Record<string, unknown>, user = 'user:default/alice', isDryRun = false) {
  // The mock context takes neither of these as options.
  return {
    ...createMockActionContext({ input: input as any, logger: mockServices.logger.mock() }),
    isDryRun,
    getInitiatorCredentials: async () => mockCredentials.user(user) as any,
  };
}

/** A stand-in for the approvals backend (it comes later): records what it is sent and answers as a test tells it. */
interface ApprovalsCall {
  method?: string;
  url?: string;
  authorization?: string;
  body: any;
}
const approvalsCalls: ApprovalsCall[] = [];
const CREATED = { status: 201, body: { id: 'req-1', status: 'pending' } };
let approvalsAnswer: { status: number; body: unknown } = CREATED;
let approvalsServer: Server;
let approvalsBaseUrl: string;

async function listen(server: Server): Promise<number> {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  approvalsServer = createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      approvalsCalls.push({ method: req.method, url: req.url, authorization: req.headers.authorization, body: body ? JSON.parse(body) : undefined });
      res.writeHead(approvalsAnswer.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(approvalsAnswer.body));
    });
  });
  approvalsBaseUrl = `http://127.0.0.1:${await listen(approvalsServer)}/api/idp-approvals`;
  const local = await ensureLocalCluster();
  cluster = new ClusterAccess(loadKubeConfig(local.backendKubeconfig));
  const kc = loadKubeConfig(local.adminKubeconfig);
  admin = kc.makeApiClient(CoreV1Api);
  apps = kc.makeApiClient(AppsV1Api);
  const tag = randomBytes(3).toString('hex');
  dev = await createEnvironment(`app-${tag}`, 'development');
  prod = await createEnvironment(`prd-${tag}`, 'production');
});

beforeEach(() => {
  approvalsCalls.length = 0;
  approvalsAnswer = CREATED;
});

afterAll(async () => {
  await new Promise(resolve => approvalsServer.close(resolve));
  await Promise.all(namespaces.map(name => admin.deleteNamespace({ name }).catch(() => undefined)));
});

/** How the action finds and calls the approvals backend: the fake above unless a test names another base URL. */
const approvals = (baseUrl = approvalsBaseUrl) => ({ discovery: mockServices.discovery.mock({ getBaseUrl: async () => baseUrl }), auth: mockServices.auth() });

type AuditorMock = ReturnType<typeof mockServices.auditor.mock>;

/** The one event of a run, after the run. */
async function theEvent(auditor: AuditorMock) {
  const events = await auditEvents(auditor);
  expect(events).toHaveLength(1);
  return events[0];
}

const deployments = () =>
  DeploymentService.create({
    cluster,
    userInfo: userInfo as any,
    permissions: slipwayPolicyPermissions({ ownership: OWNERSHIP, environmentOf: namespace => environments.get(namespace) }),
    settings: DEFAULT_GUARD_RAIL_SETTINGS,
    logger: mockServices.logger.mock(),
  });

describe('slipway:app:apply', () => {
  const action = (auditor: AuditorMock = mockServices.auditor.mock(), approvalsDeps = approvals()) => createApplyAppAction({ deployments: deployments(), auditor, approvals: approvalsDeps });

  it('deploys the golden-path web app as the user, waits until 3/3 are ready, and re-applying changes nothing', async () => {
    const ctx = context({ spec: webApp('user-service'), environment: dev });
    const auditor = mockServices.auditor.mock();
    await action(auditor).handler(ctx);
    const namespace = `team-a-${dev}`;
    expect(ctx.output).toHaveBeenCalledWith('objects', expect.arrayContaining(['Deployment/user-service', 'HorizontalPodAutoscaler/user-service', 'PodDisruptionBudget/user-service', 'NetworkPolicy/user-service-ingress', 'Service/user-service']));
    expect(ctx.logger.info).toHaveBeenCalledWith('user-service: 3/3 replicas ready (3 updated)');

    const deployment = await apps.readNamespacedDeployment({ name: 'user-service', namespace });
    expect(deployment.status?.readyReplicas).toBe(3);
    expect(deployment.metadata?.managedFields?.some(f => f.manager === 'slipway')).toBe(true);

    await action().handler(context({ spec: webApp('user-service'), environment: dev }));
    const again = await apps.readNamespacedDeployment({ name: 'user-service', namespace });
    expect(again.metadata?.resourceVersion).toBe(deployment.metadata?.resourceVersion);

    // One audit event per run, naming the initiator (a task has no request to take them from).
    const event = await theEvent(auditor);
    const objects = ['ServiceAccount/user-service', 'Deployment/user-service', 'Service/user-service', 'HorizontalPodAutoscaler/user-service', 'PodDisruptionBudget/user-service'];
    expect(event).toMatchObject({ eventId: 'app-deploy', severityLevel: 'medium', request: undefined, status: 'succeeded' });
    expect(event.meta).toMatchObject({
      actor: 'user:default/alice',
      app: 'user-service',
      team: 'team-a',
      environment: dev,
      namespace,
      type: 'development',
      dryRun: false,
      expertYaml: false,
      taskId: 'mock-task-id',
      outcome: 'deployed',
    });
    expect(event.meta.objects).toEqual(expect.arrayContaining(objects));
    expect(event.meta.applied).toEqual(event.meta.objects);
    expect(event.meta).not.toHaveProperty('failedAt');
  });

  it('refuses another team and guard-rail violations, applying nothing; production becomes a request, applying nothing', async () => {
    // Another team's environment looks absent, as everywhere in the portal.
    await expect(action().handler(context({ spec: webApp('carols-app'), environment: dev }, 'user:default/carol'))).rejects.toThrow(/team-a has no environment .* you can deploy to/);
    const production = context({ spec: webApp('prod-app'), environment: prod });
    await action().handler(production);
    expect(production.output).toHaveBeenCalledWith('status', 'pending');
    expect(((await apps.readNamespacedDeployment({ name: 'prod-app', namespace: `team-a-${prod}` }).catch(e => e)) as ApiException<string>).code).toBe(404);
    // The spec refuses :latest itself; a registry outside the allowed list is the guard rails' call.
    await expect(action().handler(context({ spec: webApp('latest-app', 'registry.example.com/team-a/x:latest'), environment: dev }))).rejects.toThrow(
      /image: Pin a version instead of :latest/,
    );
    const foreign = action().handler(context({ spec: webApp('foreign-app', 'docker.io/library/nginx:1.27'), environment: dev }));
    await expect(foreign).rejects.toBeInstanceOf(InputError);
    await expect(action().handler(context({ spec: webApp('foreign-app', 'docker.io/library/nginx:1.27'), environment: dev }))).rejects.toThrow(
      /guard rails refused this deploy; nothing was applied\.\n\[allowed-registries\]/,
    );
    await expect(action().handler(context({ spec: webApp('x'), environment: 'nowhere' }))).rejects.toThrow(/team-a has no environment "nowhere"/);
    for (const name of ['carols-app', 'latest-app', 'foreign-app']) {
      const missing = await apps.readNamespacedDeployment({ name, namespace: `team-a-${dev}` }).catch(e => e);
      expect((missing as ApiException<string>).code).toBe(404);
    }
  });

  it('refuses expert-mode YAML that would widen access (an open NetworkPolicy, a platform name, a NodePort), applying nothing', async () => {
    const namespace = `team-a-${dev}`;
    const rendered = createRenderAppAction({ deployments: deployments() });
    const ctx = context({ spec: webApp('expert-app'), environment: dev });
    await rendered.handler(ctx as any);
    const yaml = String((ctx.output as jest.Mock).mock.calls.find(([name]) => name === 'manifests')?.[1] ?? '');
    expect(yaml).toContain('kind: NetworkPolicy');
    const openPolicy = `${yaml}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: ${namespace}\nspec:\n  podSelector: {}\n  ingress:\n    - {}\n`;
    const attempt = action().handler(context({ spec: webApp('expert-app'), environment: dev, expertYaml: openPolicy }));
    await expect(attempt).rejects.toThrow(/\[reserved-names\] NetworkPolicy\/default-deny metadata\.name/);
    await expect(action().handler(context({ spec: webApp('expert-app'), environment: dev, expertYaml: openPolicy }))).rejects.toThrow(
      /\[network-policy-narrows\] NetworkPolicy\/default-deny spec\.ingress\[0\]\.from/,
    );
    expect(yaml).toContain('type: ClusterIP');
    const nodePort = yaml.replace('type: ClusterIP', 'type: NodePort');
    await expect(action().handler(context({ spec: webApp('expert-app'), environment: dev, expertYaml: nodePort }))).rejects.toThrow(/\[service-exposure\] Service\/expert-app spec\.type/);
    // Nothing of it reached the cluster, and the environment's own policy is untouched.
    expect(((await apps.readNamespacedDeployment({ name: 'expert-app', namespace }).catch(e => e)) as ApiException<string>).code).toBe(404);
    const policy = await loadKubeConfig((await ensureLocalCluster()).adminKubeconfig)
      .makeApiClient(NetworkingV1Api)
      .readNamespacedNetworkPolicy({ name: 'default-deny', namespace });
    expect(policy.spec?.ingress ?? []).toEqual([]);
  });

  it('records every refusal as a failed app-deploy event, naming the gate and the initiator', async () => {
    const refusedBy = async (input: Record<string, unknown>, user?: string) => {
      const auditor = mockServices.auditor.mock();
      await expect(action(auditor).handler(context(input, user))).rejects.toThrow();
      return theEvent(auditor);
    };

    // Production is no refusal but a request: a succeeded event naming it, nothing applied.
    const productionAuditor = mockServices.auditor.mock();
    await action(productionAuditor).handler(context({ spec: webApp('prod-app'), environment: prod }));
    const production = await theEvent(productionAuditor);
    expect(production).toMatchObject({ eventId: 'app-deploy', status: 'succeeded' });
    expect(production.meta).toMatchObject({ actor: 'user:default/alice', app: 'prod-app', namespace: `team-a-${prod}`, type: 'production', outcome: 'requested', requestId: 'req-1' });
    expect(production.meta).not.toHaveProperty('applied');

    const otherTeam = await refusedBy({ spec: webApp('carols-app'), environment: dev }, 'user:default/carol');
    expect(otherTeam.meta).toMatchObject({ actor: 'user:default/carol', team: 'team-a', outcome: 'refused', failedAt: 'permission' });

    const guardRails = await refusedBy({ spec: webApp('foreign-app', 'docker.io/library/nginx:1.27'), environment: dev });
    expect(guardRails).toMatchObject({ status: 'failed', error: expect.any(InputError) });
    // The rule ids only (the quota may be a second one: the app above takes most of it).
    expect(guardRails.meta).toMatchObject({ app: 'foreign-app', outcome: 'refused', failedAt: 'guard-rails', violations: expect.arrayContaining(['allowed-registries']) });

    const invalid = await refusedBy({ spec: webApp('latest-app', 'registry.example.com/team-a/x:latest'), environment: dev });
    expect(invalid.meta).toMatchObject({ app: 'latest-app', environment: dev, outcome: 'refused', failedAt: 'validate' });
  });

  it('is refused by Kubernetes RBAC itself when the portal would allow it, and applies nothing', async () => {
    // Drift: the portal still counts alice in team-a, but the namespace no longer grants team-a anything.
    const drifted = await createEnvironment(`rbac-${randomBytes(3).toString('hex')}`, 'development');
    const namespace = `team-a-${drifted}`;
    const kc = loadKubeConfig((await ensureLocalCluster()).adminKubeconfig);
    const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
    const bindings = await rbac.listNamespacedRoleBinding({ namespace });
    await Promise.all(bindings.items.map(b => rbac.deleteNamespacedRoleBinding({ name: b.metadata!.name!, namespace })));

    const auditor = mockServices.auditor.mock();
    const attempt = action(auditor).handler(context({ spec: { ...webApp('rbac-app'), replicas: 1 }, environment: drifted }));
    await expect(attempt).rejects.toThrow(/Kubernetes refused this deploy to team-a-rbac-\w+; nothing was applied\. Kubernetes does not let alice write there/);
    const refused = await theEvent(auditor);
    expect(refused).toMatchObject({ eventId: 'app-deploy', status: 'failed', error: expect.any(InputError) });
    expect(refused.meta).toMatchObject({ namespace, outcome: 'refused', failedAt: 'kubernetes-checks' });
    expect(refused.meta.refused).toEqual(expect.arrayContaining(['Deployment/rbac-app']));
    await expect(action().handler(context({ spec: { ...webApp('rbac-app'), replicas: 1 }, environment: drifted }))).rejects.toThrow(/Deployment\/rbac-app: .*forbidden/i);
    // Not even the objects the platform identity writes (the NetworkPolicy) were created.
    const objects = KubernetesObjectApi.makeApiClient(kc);
    for (const kind of ['Deployment', 'Service', 'NetworkPolicy', 'ServiceAccount']) {
      const apiVersion = { Deployment: 'apps/v1', Service: 'v1', NetworkPolicy: 'networking.k8s.io/v1', ServiceAccount: 'v1' }[kind]!;
      const name = kind === 'NetworkPolicy' ? 'rbac-app-ingress' : 'rbac-app';
      const missing = await objects.read({ apiVersion, kind, metadata: { name, namespace } } as any).catch(e => e);
      expect((missing as ApiException<string>).code).toBe(404);
    }
  });

  it('checks everything with the API server in a dry run, and creates nothing', async () => {
    // Small and single: the environment's quota is mostly taken by the app deployed above.
    const spec = { ...webApp('dry-app'), resources: { preset: 'small' }, replicas: 1, environmentVariables: [{ name: 'GREETING', value: 'plain-value-in-spec' }] };
    const ctx = context({ spec, environment: dev }, 'user:default/alice', true);
    const auditor = mockServices.auditor.mock();
    await action(auditor).handler(ctx);
    expect(ctx.logger.info).toHaveBeenCalledWith('checked (dry run) Deployment/dry-app');
    const event = await theEvent(auditor);
    expect(event).toMatchObject({ eventId: 'app-deploy', status: 'succeeded', meta: { app: 'dry-app', dryRun: true, outcome: 'checked' } });
    expect(event.meta).not.toHaveProperty('applied');
    // Names of objects, never their content.
    expect(JSON.stringify(event.meta)).not.toContain('plain-value-in-spec');
    const missing = await apps.readNamespacedDeployment({ name: 'dry-app', namespace: `team-a-${dev}` }).catch(e => e);
    expect((missing as ApiException<string>).code).toBe(404);
  });
});

describe('slipway:app:apply to production: a deploy request', () => {
  const action = (approvalsDeps = approvals(), auditor: AuditorMock = mockServices.auditor.mock()) =>
    createApplyAppAction({ deployments: deployments(), auditor, approvals: approvalsDeps });
  const notApplied = async (name: string) =>
    expect(((await apps.readNamespacedDeployment({ name, namespace: `team-a-${prod}` }).catch(e => e)) as ApiException<string>).code).toBe(404);

  it('creates a request as the initiator with the spec, environment, expert YAML and reason, outputs where it waits, and applies nothing', async () => {
    const ctx = context({ spec: { ...webApp('shop'), resources: {} }, environment: prod, expertYaml: '  ' });
    await action().handler(ctx);
    expect(approvalsCalls).toEqual([
      {
        method: 'POST',
        url: '/api/idp-approvals/requests',
        // A token on behalf of the initiator, for the approvals backend only.
        authorization: mockCredentials.service.header({ onBehalfOf: mockCredentials.user('user:default/alice'), targetPluginId: 'idp-approvals' }),
        // The spec as the form sent it, without the sections left empty.
        body: { spec: webApp('shop'), environment: prod, reason: 'Deploy shop to production' },
      },
    ]);
    expect(ctx.output).toHaveBeenCalledWith('requestId', 'req-1');
    expect(ctx.output).toHaveBeenCalledWith('requestUrl', '/approvals/requests/req-1');
    expect(ctx.output).toHaveBeenCalledWith('status', 'pending');
    expect(ctx.output).toHaveBeenCalledWith('namespace', `team-a-${prod}`);
    expect(ctx.output).toHaveBeenCalledWith('objects', expect.arrayContaining(['Deployment/shop', 'Service/shop']));
    expect(ctx.logger.info).toHaveBeenCalledWith("Production deploys need a tech lead's approval: request req-1 is waiting at /approvals/requests/req-1");
    await notApplied('shop');

    // Expert mode: the edited manifests travel with the request, for the approvals backend to judge again.
    const rendered = context({ spec: webApp('shop'), environment: prod });
    await createRenderAppAction({ deployments: deployments() }).handler(rendered);
    const yaml = String((rendered.output as jest.Mock).mock.calls.find(([name]) => name === 'manifests')?.[1]).replace('minReplicas: 3', 'minReplicas: 4');
    expect(yaml).toContain('minReplicas: 4');
    approvalsAnswer = { status: 201, body: { id: 'req-2', status: 'pending' } };
    await action().handler(context({ spec: webApp('shop'), environment: prod, expertYaml: yaml, reason: 'Black Friday fix' }, 'user:default/alice'));
    expect(approvalsCalls[1].body).toEqual({ spec: webApp('shop'), environment: prod, expertYaml: yaml, reason: 'Black Friday fix' });
  });

  it('turns the approvals backend’s 4xx into an InputError with its message and field errors, and its 5xx into an error saying what to do', async () => {
    approvalsAnswer = {
      status: 400,
      body: { error: { name: 'InputError', message: 'The guard rails refused this request' }, errors: [{ field: 'spec.image', message: 'registry not allowed' }] },
    };
    const refused = action().handler(context({ spec: webApp('shop'), environment: prod }));
    await expect(refused).rejects.toBeInstanceOf(InputError);
    await expect(action().handler(context({ spec: webApp('shop'), environment: prod }))).rejects.toThrow(
      'The deploy request was refused: The guard rails refused this request\nspec.image: registry not allowed',
    );
    approvalsAnswer = { status: 500, body: { error: { name: 'Error', message: 'database is down' } } };
    const auditor = mockServices.auditor.mock();
    await expect(action(approvals(), auditor).handler(context({ spec: webApp('shop'), environment: prod }))).rejects.toThrow(
      /^The approvals service failed to create the deploy request \(500: database is down\); nothing was requested or applied\. Run the template again/,
    );
    expect(await theEvent(auditor)).toMatchObject({ status: 'failed', meta: { outcome: 'error', failedAt: 'request', type: 'production' } });
    await notApplied('shop');
  });

  it('says what to do when the approvals backend does not answer', async () => {
    const closed = createServer();
    const port = await listen(closed);
    await new Promise(resolve => closed.close(resolve));
    const attempt = action(approvals(`http://127.0.0.1:${port}/api/idp-approvals`)).handler(context({ spec: webApp('shop'), environment: prod }));
    await expect(attempt).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(action(approvals(`http://127.0.0.1:${port}/api/idp-approvals`)).handler(context({ spec: webApp('shop'), environment: prod }))).rejects.toThrow(
      /^The approvals service \(idp-approvals\) did not answer \(ECONNREFUSED\); no deploy request was created and nothing was applied\. Run the template again in a moment/,
    );
    await notApplied('shop');
  });

  it('refuses a production deploy the guard rails refuse without asking for approval', async () => {
    const attempt = action().handler(context({ spec: webApp('shop', 'docker.io/library/nginx:1.27'), environment: prod }));
    await expect(attempt).rejects.toThrow(/guard rails refused this deploy; nothing was applied\.\n\[allowed-registries\]/);
    expect(approvalsCalls).toEqual([]);
  });

  it('creates no request in a dry run, and tells what it would request', async () => {
    const ctx = context({ spec: webApp('shop'), environment: prod, reason: 'Hotfix' }, 'user:default/alice', true);
    const auditor = mockServices.auditor.mock();
    await action(approvals(), auditor).handler(ctx);
    expect(approvalsCalls).toEqual([]);
    expect(ctx.logger.info).toHaveBeenCalledWith(`Dry run: would request a tech lead's approval to deploy shop to team-a-${prod}, reason "Hotfix"; no request was created`);
    expect(ctx.output).not.toHaveBeenCalledWith('requestId', expect.anything());
    expect(await theEvent(auditor)).toMatchObject({ status: 'succeeded', meta: { dryRun: true, outcome: 'checked', type: 'production' } });
  });
});

describe('slipway:app:render', () => {
  it('outputs the manifests and the guard rails’ verdict without applying anything', async () => {
    // An empty environment: the render judges against the quota as the deploy does, and dev's is mostly taken above.
    const empty = await createEnvironment(`rnd-${randomBytes(3).toString('hex')}`, 'development');
    const ctx = context({ spec: webApp('preview-app', 'docker.io/library/nginx:1.27'), environment: empty });
    await createRenderAppAction({ deployments: deployments() }).handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('manifests', expect.stringContaining('kind: Deployment'));
    expect(ctx.output).toHaveBeenCalledWith('passed', false);
    expect(ctx.output).toHaveBeenCalledWith('violations', [expect.objectContaining({ ruleId: 'allowed-registries' })]);
  });

  it('renders only environments the user can see, and production with the deploy refusal’s one wording', async () => {
    const action = createRenderAppAction({ deployments: deployments() });
    const other = context({ spec: webApp('carols-app'), environment: dev }, 'user:default/carol');
    await expect(action.handler(other)).rejects.toThrow(`environment: team-a has no environment "${dev}" you can deploy to; choose one of your team's environments`);
    expect(other.output).not.toHaveBeenCalled();
    const production = context({ spec: webApp('prod-app'), environment: prod });
    await action.handler(production);
    expect(production.output).toHaveBeenCalledWith('manifests', expect.stringContaining(`namespace: team-a-${prod}`));
    expect(production.logger.warn).toHaveBeenCalledWith(`environment: team-a-${prod} is production: deploys there go through a tech lead's approval, not this form`);
  });
});
