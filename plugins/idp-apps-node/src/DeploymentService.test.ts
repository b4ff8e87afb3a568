/*
 * The one deploy path: request checks and the permission framework with fakes (an unreachable
 * cluster proves nothing was looked up), then judging and one apply against the real local
 * control plane, acting as the user through impersonation.
 */
import { BackstageCredentials, PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { DEFAULT_GUARD_RAIL_SETTINGS, deployRefusal, noEnvironmentRefusal } from '@internal/plugin-idp-apps-common';
import { EnvironmentType, renderEnvironment, resolveEnvironmentTypes } from '@internal/plugin-idp-environments-common';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { ApiException, AppsV1Api, CoreV1Api, KubeConfig, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { DeployProgress, DeploymentService } from './DeploymentService';

jest.setTimeout(180_000);

const alice = mockCredentials.user('user:default/alice');
const userInfo = {
  async getUserInfo(credentials: BackstageCredentials) {
    const ref = (credentials.principal as { userEntityRef: string }).userEntityRef;
    return { userEntityRef: ref, ownershipEntityRefs: [ref, 'group:default/team-a'] };
  },
};

/** The permission framework as a table: which permission it allows on which namespace; every question is recorded. */
function fakePermissions(allowed: Record<string, string[]>) {
  const asked: string[] = [];
  const permissions = {
    authorize: async (requests: { permission: { name: string }; resourceRef?: string }[]) =>
      requests.map(({ permission, resourceRef }) => {
        asked.push(`${permission.name} ${resourceRef}`);
        return { result: allowed[permission.name]?.includes(resourceRef ?? '') ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
      }),
  };
  return { permissions: permissions as unknown as PermissionsService, asked };
}

const service = (cluster: ClusterAccess, permissions: PermissionsService) =>
  DeploymentService.create({ cluster, permissions, userInfo, settings: DEFAULT_GUARD_RAIL_SETTINGS, logger: mockServices.logger.mock() });

const webApp = (name: string, overrides: Record<string, unknown> = {}) => ({
  name,
  team: 'team-a',
  type: 'web',
  image: 'registry.example.com/team-a/user-service:1.4.2',
  port: 8080,
  ...overrides,
});

describe('DeploymentService before the cluster', () => {
  // A cluster nobody can reach, every way into it watched.
  const reached = jest.fn();
  const nowhere = () => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'nowhere', server: 'https://127.0.0.1:1', skipTLSVerify: true }],
      users: [{ name: 'nobody' }],
      contexts: [{ name: 'nowhere', cluster: 'nowhere', user: 'nobody' }],
      currentContext: 'nowhere',
    });
    const cluster = new ClusterAccess(kc);
    for (const method of ['asService', 'asUser', 'objectsAsService'] as const) {
      jest.spyOn(cluster, method).mockImplementation(((...args: unknown[]) => {
        reached(method, ...args);
        throw new Error(`the cluster was called (${method})`);
      }) as any);
    }
    return cluster;
  };
  afterEach(() => reached.mockClear());

  it('answers an invalid request with field errors, asking neither the permission framework nor the cluster', async () => {
    const { permissions, asked } = fakePermissions({});
    const deployments = service(nowhere(), permissions);
    const invalid = await deployments.judge(alice, { spec: webApp('x', { image: 'registry.example.com/team-a/x:latest', port: 0 }), environment: 'dev' });
    expect(invalid).toEqual({
      success: false,
      errors: expect.arrayContaining([
        { field: 'spec.image', message: expect.stringContaining('Pin a version instead of :latest') },
        { field: 'spec.port', message: expect.stringContaining('Use a port from 1 to 65535') },
      ]),
    });
    expect(await deployments.judge(alice, { spec: webApp('x'), environment: '' })).toEqual({
      success: false,
      errors: [{ field: 'environment', message: 'Choose the environment to deploy to' }],
    });
    expect(await deployments.judge(alice, { spec: webApp('x'), environment: 'a'.repeat(60) })).toEqual({
      success: false,
      errors: [{ field: 'environment', message: expect.stringMatching(/Kubernetes allows 63\. Choose a shorter environment name/) }],
    });
    const progress: DeployProgress = { stage: 'validate' };
    await expect(deployments.apply(alice, { spec: webApp('x', { image: 'x:latest' }), environment: 'dev' }, { progress })).rejects.toThrow(/^The app spec is not valid: image: /);
    expect(progress).toEqual({ stage: 'validate' });
    expect(asked).toEqual([]);
    expect(reached).not.toHaveBeenCalled();
  });

  it('refuses an environment the caller may not see with the one wording, without looking it up', async () => {
    const { permissions, asked } = fakePermissions({});
    const deployments = service(nowhere(), permissions);
    const hidden = await deployments.judge(alice, { spec: webApp('x'), environment: 'dev' });
    expect(hidden).toEqual({
      success: false,
      errors: [{ field: 'environment', message: noEnvironmentRefusal('team-a', 'dev') }],
      refused: expect.objectContaining({ allowed: false, refusal: 'no-environment' }),
    });
    // Deploy is not even asked once the environment is invisible.
    expect(asked).toEqual(['slipway.environment.read team-a-dev']);
    const progress: DeployProgress = { stage: 'validate' };
    const attempt = deployments.apply(alice, { spec: webApp('x'), environment: 'dev' }, { progress });
    await expect(attempt).rejects.toThrow(new InputError(`environment: ${noEnvironmentRefusal('team-a', 'dev')}`));
    expect(progress).toEqual({ stage: 'permission' });
    expect(reached).not.toHaveBeenCalled();
  });
});

describe('DeploymentService on the local cluster', () => {
  let cluster: ClusterAccess;
  let admin: KubeConfig;
  const namespaces: string[] = [];
  let dev: string;
  let prod: string;

  async function createEnvironment(name: string, type: EnvironmentType) {
    const settings = resolveEnvironmentTypes(undefined).find(t => t.type === type)!;
    const objects = renderEnvironment({
      environment: { team: 'team-a', name, type, owner: 'user:default/alice', createdAt: new Date().toISOString(), protected: false },
      settings,
    });
    const client = KubernetesObjectApi.makeApiClient(admin);
    for (const object of objects) await client.patch(object as any, undefined, undefined, 'slipway', true, PatchStrategy.ServerSideApply);
    namespaces.push(objects[0].metadata.name);
    return name;
  }

  beforeAll(async () => {
    const local = await ensureLocalCluster();
    cluster = new ClusterAccess(loadKubeConfig(local.backendKubeconfig));
    admin = loadKubeConfig(local.adminKubeconfig);
    const tag = randomBytes(3).toString('hex');
    dev = await createEnvironment(`ds-${tag}`, 'development');
    prod = await createEnvironment(`dsp-${tag}`, 'production');
  });

  afterAll(async () => {
    const core = admin.makeApiClient(CoreV1Api);
    await Promise.all(namespaces.map(name => core.deleteNamespace({ name }).catch(() => undefined)));
  });

  it('asks read then deploy on the namespace, and judges what it would apply against the quota the user reads', async () => {
    const namespace = `team-a-${dev}`;
    const { permissions, asked } = fakePermissions({ 'slipway.environment.read': [namespace], 'slipway.app.deploy': [namespace] });
    const judged = await service(cluster, permissions).judge(alice, { spec: webApp('judged-app'), environment: dev });
    expect(asked).toEqual([`slipway.environment.read ${namespace}`, `slipway.app.deploy ${namespace}`]);
    if (!judged.success) throw new Error(JSON.stringify(judged.errors));
    expect(judged.decision).toEqual({ allowed: true });
    const { environment, manifests, guardRails, quota, caller } = judged.deployment;
    expect(environment).toMatchObject({ namespace, team: 'team-a', type: 'development' });
    expect(manifests.map(m => `${m.kind}/${m.metadata.name}`)).toContain('Deployment/judged-app');
    expect(guardRails.passed).toBe(true);
    expect(quota?.hard).toBeDefined();
    expect(caller).toMatchObject({ user: 'alice', teams: ['team-a'] });
  });

  it('judges production in full but refuses to deploy it with the one wording, writing nothing', async () => {
    const namespace = `team-a-${prod}`;
    const { permissions } = fakePermissions({ 'slipway.environment.read': [namespace] });
    const deployments = service(cluster, permissions);
    const judged = await deployments.judge(alice, { spec: webApp('prod-app'), environment: prod });
    if (!judged.success) throw new Error(JSON.stringify(judged.errors));
    const reason = deployRefusal({ namespace, team: 'team-a', type: 'production' });
    expect(judged.decision).toEqual({ allowed: false, refusal: 'production', field: 'environment', reason });
    // What a production request needs: the environment, the manifests, the guard rails' verdict and the quota.
    expect(judged.deployment.environment.type).toBe('production');
    expect(judged.deployment.manifests.length).toBeGreaterThan(0);
    expect(judged.deployment.guardRails.rules.length).toBeGreaterThan(0);
    expect(judged.deployment.quota).toBeDefined();

    const progress: DeployProgress = { stage: 'validate' };
    const attempt = deployments.apply(alice, { spec: webApp('prod-app'), environment: prod }, { progress });
    await expect(attempt).rejects.toThrow(new NotAllowedError(reason));
    expect(progress).toMatchObject({ stage: 'permission', namespace, type: 'production', objects: expect.arrayContaining(['Deployment/prod-app']) });
    expect(progress).not.toHaveProperty('applied');
  });

  it('refuses an environment that does not exist exactly as a hidden one', async () => {
    const { permissions } = fakePermissions({ 'slipway.environment.read': ['team-a-nowhere'], 'slipway.app.deploy': ['team-a-nowhere'] });
    expect(await service(cluster, permissions).judge(alice, { spec: webApp('x'), environment: 'nowhere' })).toMatchObject({
      success: false,
      errors: [{ field: 'environment', message: noEnvironmentRefusal('team-a', 'nowhere') }],
    });
  });

  it('stops at the guard rails, naming the rules', async () => {
    const namespace = `team-a-${dev}`;
    const { permissions } = fakePermissions({ 'slipway.environment.read': [namespace], 'slipway.app.deploy': [namespace] });
    const progress: DeployProgress = { stage: 'validate' };
    const attempt = service(cluster, permissions).apply(alice, { spec: webApp('foreign-app', { image: 'docker.io/library/nginx:1.27' }), environment: dev }, { progress });
    await expect(attempt).rejects.toThrow(/^The guard rails refused this deploy; nothing was applied\.\n\[allowed-registries\]/);
    expect(progress).toMatchObject({ stage: 'guard-rails', violations: ['allowed-registries'] });
  });

  it('refuses a deploy whose secret reference the environment lacks, naming the secret and key; nothing is applied', async () => {
    const namespace = `team-a-${dev}`;
    const { permissions } = fakePermissions({ 'slipway.environment.read': [namespace], 'slipway.app.deploy': [namespace] });
    const asked: string[] = [];
    // The secrets plugin's answer (names only), as SecretKeyDirectoryClient returns it.
    const secretKeys = {
      keysOf: async (_: unknown, ns: string) => {
        asked.push(ns);
        return [{ name: 'db', keys: ['url'] }];
      },
    };
    const deployments = DeploymentService.create({ cluster, permissions, userInfo, settings: DEFAULT_GUARD_RAIL_SETTINGS, logger: mockServices.logger.mock(), secretKeys });
    const environmentVariables = [
      { name: 'DATABASE_URL', valueFrom: 'secret/db/url' },
      { name: 'DATABASE_PASSWORD', valueFrom: 'secret/db/password' },
      { name: 'API_TOKEN', valueFrom: 'secret/api/token' },
    ];
    const judged = await deployments.judge(alice, { spec: webApp('secret-app', { environmentVariables }), environment: dev });
    expect(asked).toEqual([namespace]);
    expect(judged.success ? [] : judged.errors).toEqual([
      { field: 'spec.environmentVariables.1.valueFrom', message: `secret/db/password: secret db in ${namespace} has no key password; add it on the Secrets page (it has url)` },
      { field: 'spec.environmentVariables.2.valueFrom', message: `secret/api/token: ${namespace} has no secret api; create it on the environment's Secrets page first` },
    ]);
    await expect(deployments.apply(alice, { spec: webApp('secret-app', { environmentVariables }), environment: dev })).rejects.toThrow(/secret\/db\/password/);
    const absent = await admin.makeApiClient(AppsV1Api).readNamespacedDeployment({ name: 'secret-app', namespace }).catch(e => e);
    expect((absent as ApiException<string>).code).toBe(404);
    const fine = await deployments.judge(alice, { spec: webApp('secret-app', { environmentVariables: environmentVariables.slice(0, 1) }), environment: dev });
    expect(fine.success).toBe(true);
  });

  it('dry-runs without writing, then applies with server-side apply and waits for the rollout', async () => {
    const namespace = `team-a-${dev}`;
    const { permissions } = fakePermissions({ 'slipway.environment.read': [namespace], 'slipway.app.deploy': [namespace] });
    const deployments = service(cluster, permissions);
    const request = { spec: webApp('applied-app', { replicas: 1, resources: { preset: 'small' } }), environment: dev };
    const apps = admin.makeApiClient(AppsV1Api);

    const logger = mockServices.logger.mock();
    const dry: DeployProgress = { stage: 'validate' };
    const checked = await deployments.apply(alice, request, { dryRun: true, logger, progress: dry });
    expect(checked.objects).toContain('Deployment/applied-app');
    expect(logger.info).toHaveBeenCalledWith('checked (dry run) Deployment/applied-app');
    expect(dry).toMatchObject({ stage: 'kubernetes-checks', namespace, type: 'development' });
    expect(dry).not.toHaveProperty('applied');
    const missing = await apps.readNamespacedDeployment({ name: 'applied-app', namespace }).catch(e => e);
    expect((missing as ApiException<string>).code).toBe(404);

    const progress: DeployProgress = { stage: 'validate' };
    const { deployment, objects } = await deployments.apply(alice, request, { logger, progress, timeoutMs: 120_000 });
    expect(deployment.environment.namespace).toBe(namespace);
    expect(progress).toMatchObject({ stage: 'rollout', applied: objects, objects });
    expect(logger.info).toHaveBeenCalledWith('applied Deployment/applied-app');
    expect(logger.info).toHaveBeenCalledWith(`applied-app is ready in ${namespace}`);
    const written = await apps.readNamespacedDeployment({ name: 'applied-app', namespace });
    expect(written.status?.readyReplicas).toBe(1);
    // A deploy is activity: the janitor sees the environment in use.
    const activity = (await admin.makeApiClient(CoreV1Api).readNamespace({ name: namespace })).metadata?.annotations?.['slipway.dev/last-activity'];
    expect(Date.now() - Date.parse(activity!)).toBeLessThan(120_000);
    expect(written.metadata?.managedFields?.some(f => f.manager === 'slipway' && f.operation === 'Apply')).toBe(true);
  });
});
