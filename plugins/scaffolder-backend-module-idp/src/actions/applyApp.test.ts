/*
 * The deploy actions against the real local control plane, acting as the signed-in user
 * through impersonation, exactly as in the portal.
 */
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { InputError, NotAllowedError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { DEFAULT_GUARD_RAIL_SETTINGS } from '@internal/plugin-idp-apps-common';
import { EnvironmentType, renderEnvironment, resolveEnvironmentTypes } from '@internal/plugin-idp-environments-common';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { ApiException, AppsV1Api, CoreV1Api, KubernetesObjectApi, PatchStrategy, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { createApplyAppAction } from './applyApp';
import { createRenderAppAction } from './renderApp';

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

beforeAll(async () => {
  const local = await ensureLocalCluster();
  cluster = new ClusterAccess(loadKubeConfig(local.backendKubeconfig));
  const kc = loadKubeConfig(local.adminKubeconfig);
  admin = kc.makeApiClient(CoreV1Api);
  apps = kc.makeApiClient(AppsV1Api);
  const tag = randomBytes(3).toString('hex');
  dev = await createEnvironment(`app-${tag}`, 'development');
  prod = await createEnvironment(`prd-${tag}`, 'production');
});

afterAll(async () => {
  await Promise.all(namespaces.map(name => admin.deleteNamespace({ name }).catch(() => undefined)));
});

describe('slipway:app:apply', () => {
  const action = () => createApplyAppAction({ cluster, userInfo: userInfo as any, settings: DEFAULT_GUARD_RAIL_SETTINGS });

  it('deploys the golden-path web app as the user, waits until 3/3 are ready, and re-applying changes nothing', async () => {
    const ctx = context({ spec: webApp('user-service'), environment: dev });
    await action().handler(ctx);
    const namespace = `team-a-${dev}`;
    expect(ctx.output).toHaveBeenCalledWith('objects', expect.arrayContaining(['Deployment/user-service', 'HorizontalPodAutoscaler/user-service', 'PodDisruptionBudget/user-service', 'NetworkPolicy/user-service-ingress', 'Service/user-service']));
    expect(ctx.logger.info).toHaveBeenCalledWith('user-service: 3/3 replicas ready (3 updated)');

    const deployment = await apps.readNamespacedDeployment({ name: 'user-service', namespace });
    expect(deployment.status?.readyReplicas).toBe(3);
    expect(deployment.metadata?.managedFields?.some(f => f.manager === 'slipway')).toBe(true);

    await action().handler(context({ spec: webApp('user-service'), environment: dev }));
    const again = await apps.readNamespacedDeployment({ name: 'user-service', namespace });
    expect(again.metadata?.resourceVersion).toBe(deployment.metadata?.resourceVersion);
  });

  it('refuses another team, production, and guard-rail violations, applying nothing', async () => {
    await expect(action().handler(context({ spec: webApp('carols-app'), environment: dev }, 'user:default/carol'))).rejects.toBeInstanceOf(NotAllowedError);
    await expect(action().handler(context({ spec: webApp('prod-app'), environment: prod }))).rejects.toThrow(/production deploys go through an approval/);
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

  it('is refused by Kubernetes RBAC itself when the portal would allow it, and applies nothing', async () => {
    // Drift: the portal still counts alice in team-a, but the namespace no longer grants team-a anything.
    const drifted = await createEnvironment(`rbac-${randomBytes(3).toString('hex')}`, 'development');
    const namespace = `team-a-${drifted}`;
    const kc = loadKubeConfig((await ensureLocalCluster()).adminKubeconfig);
    const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
    const bindings = await rbac.listNamespacedRoleBinding({ namespace });
    await Promise.all(bindings.items.map(b => rbac.deleteNamespacedRoleBinding({ name: b.metadata!.name!, namespace })));

    const attempt = action().handler(context({ spec: { ...webApp('rbac-app'), replicas: 1 }, environment: drifted }));
    await expect(attempt).rejects.toThrow(/Kubernetes refused this deploy to team-a-rbac-\w+; nothing was applied\. Kubernetes does not let alice write there/);
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
    const ctx = context({ spec: { ...webApp('dry-app'), resources: { preset: 'small' }, replicas: 1 }, environment: dev }, 'user:default/alice', true);
    await action().handler(ctx);
    expect(ctx.logger.info).toHaveBeenCalledWith('checked (dry run) Deployment/dry-app');
    const missing = await apps.readNamespacedDeployment({ name: 'dry-app', namespace: `team-a-${dev}` }).catch(e => e);
    expect((missing as ApiException<string>).code).toBe(404);
  });
});

describe('slipway:app:render', () => {
  it('outputs the manifests and the guard rails’ verdict without applying anything', async () => {
    const ctx = context({ spec: webApp('preview-app', 'docker.io/library/nginx:1.27'), environment: dev });
    await createRenderAppAction({ cluster, settings: DEFAULT_GUARD_RAIL_SETTINGS }).handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('manifests', expect.stringContaining('kind: Deployment'));
    expect(ctx.output).toHaveBeenCalledWith('passed', false);
    expect(ctx.output).toHaveBeenCalledWith('violations', [expect.objectContaining({ ruleId: 'allowed-registries' })]);
  });
});
