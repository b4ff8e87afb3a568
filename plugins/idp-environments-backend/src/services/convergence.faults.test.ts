/*
 * Faults injected for real. A cluster of this test's own (never the shared one: its API server is
 * SIGKILLed) runs the portal's calls; in the middle of an environment create, a clone and an app
 * apply the API server process is killed, then restarted with `cluster.sh up`, and the same
 * request is sent again. Every object carrying Slipway's labels is then listed and compared with
 * what the environment (and the app) consist of: nothing missing, nothing orphaned.
 *
 * One file, one cluster instance: jest runs the tests of a file one after the other.
 */
import { BackstageCredentials, PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { OwnLocalCluster, loadKubeConfig, startLocalCluster } from '@internal/local-cluster';
import { DEFAULT_GUARD_RAIL_SETTINGS } from '@internal/plugin-idp-apps-common';
import { DeploymentService } from '@internal/plugin-idp-apps-node';
import {
  ENVIRONMENT_ANNOTATIONS,
  ENVIRONMENT_LABELS,
  EnvironmentType,
  MANAGED_BY,
  callerFromIdentity,
  renderEnvironment,
  resolveEnvironmentTypes,
} from '@internal/plugin-idp-environments-common';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { ApiException, CoreV1Api, KubernetesObjectApi } from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { EnvironmentCloner } from './EnvironmentCloner';
import { EnvironmentService } from './EnvironmentService';

const run = promisify(execFile);
jest.setTimeout(10 * 60_000);

/** A base port of its own (the API server; the other components take the next six). */
const INSTANCE = { name: 'slipway-faults', port: Number(process.env.SLIPWAY_FAULTS_CLUSTER_PORT ?? 26443) };

const alice = callerFromIdentity('user:default/alice', ['user:default/alice', 'group:default/team-a']);
const bob = callerFromIdentity('user:default/bob', ['user:default/bob', 'group:default/team-a', 'group:default/team-a-leads']);
const types = resolveEnvironmentTypes(undefined);
const unique = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;

let faults: OwnLocalCluster;
let cluster: ClusterAccess;
let core: CoreV1Api;
let service: EnvironmentService;

beforeAll(async () => {
  faults = await startLocalCluster({ ...INSTANCE, nodes: 1 });
  cluster = new ClusterAccess(loadKubeConfig(faults.backendKubeconfig));
  core = loadKubeConfig(faults.adminKubeconfig).makeApiClient(CoreV1Api);
  service = EnvironmentService.create({ cluster, types, logger: mockServices.logger.mock() });
}, 30 * 60_000);

afterAll(async () => {
  await faults?.down();
}, 5 * 60_000);

/**
 * The cluster access the portal uses, except that just before the first write (not a dry run)
 * of `kind` — as the platform or as a user — the API server process is killed. The write then
 * goes to a dead server, as it would in production.
 */
function killingBeforeWriteOf(kind: string): ClusterAccess {
  let killed = false;
  const killing = (api: KubernetesObjectApi) =>
    new Proxy(api, {
      get: (target, prop) =>
        prop === 'patch'
          ? async (object: { kind: string }, pretty: unknown, dryRun: unknown, ...rest: unknown[]) => {
              if (!killed && object.kind === kind && dryRun === undefined) {
                killed = true;
                await faults.kill('kube-apiserver');
              }
              return (target.patch as any).call(target, object, pretty, dryRun, ...rest);
            }
          : (target as any)[prop],
    }) as KubernetesObjectApi;
  return new (class extends ClusterAccess {
    objectsAsService() {
      return killing(super.objectsAsService());
    }
    asUser<T>(Api: any, impersonation: any): T {
      const api = super.asUser(Api, impersonation) as unknown as T;
      return (api instanceof KubernetesObjectApi ? killing(api) : api) as T;
    }
  })((cluster as any).kubeConfig);
}

/** Every listable namespaced kind, once (for the orphan check). */
let namespacedKinds: string | undefined;

/**
 * `Kind/name` of every object in the namespace that carries Slipway's managed-by label and was
 * written by a request: what controllers made from those (ReplicaSets and Pods, owned by the
 * Deployment; the Endpoints the endpoints controller mirrors from a Service) are left out.
 */
async function slipwayObjects(namespace: string): Promise<string[]> {
  const kubectl = (args: string[]) => run(faults.kubectl, ['--kubeconfig', faults.adminKubeconfig, ...args], { maxBuffer: 64 * 1024 * 1024 });
  namespacedKinds ??= (await kubectl(['api-resources', '--namespaced', '--verbs=list', '-o', 'name'])).stdout
    .split('\n')
    // Not written by anyone: events, and the metrics API's views of pods (which carry the pods' labels).
    .filter(kind => kind && !kind.startsWith('events') && !kind.endsWith('.metrics.k8s.io'))
    .join(',');
  const { stdout } = await kubectl(['get', namespacedKinds, '-n', namespace, '-l', `${ENVIRONMENT_LABELS.managedBy}=${MANAGED_BY}`, '-o', 'json']);
  const items = JSON.parse(stdout).items as Array<{ kind: string; metadata: { name: string; ownerReferences?: unknown[] } }>;
  return items
    .filter(item => !item.metadata.ownerReferences?.length && item.kind !== 'Endpoints')
    .map(item => `${item.kind}/${item.metadata.name}`)
    .sort();
}

/** What an environment consists of inside its namespace, by the renderer. */
function environmentObjects(team: string, name: string, type: EnvironmentType): string[] {
  const settings = types.find(t => t.type === type)!;
  return renderEnvironment({ environment: { team, name, type, owner: 'x', createdAt: new Date().toISOString(), protected: false }, settings })
    .slice(1)
    .map(o => `${o.kind}/${o.metadata.name}`);
}

/** The namespaces carrying Slipway's label whose name starts with the prefix. */
async function slipwayNamespaces(prefix: string): Promise<string[]> {
  const list = await core.listNamespace({ labelSelector: `${ENVIRONMENT_LABELS.managedBy}=${MANAGED_BY}` });
  return list.items.map(ns => ns.metadata!.name!).filter(name => name.startsWith(prefix));
}

describe('an environment create interrupted by the API server dying', () => {
  it.each([
    ['right after the Namespace was created', 'Namespace'],
    ['before the first NetworkPolicy is written', 'NetworkPolicy'],
    ['before the first RoleBinding is written', 'RoleBinding'],
  ])('killed %s: the namespace stays provisioning, another request gets a conflict, the retry finishes it', async (_when, kind) => {
    const name = unique(`crash-${kind.toLowerCase()}`);
    const namespace = `team-a-${name}`;
    const request = { team: 'team-a', name, type: 'development' as const };
    // The Namespace is a create (not an apply): the moment after it is told through onApplied.
    const interrupted = EnvironmentService.create({ cluster: kind === 'Namespace' ? cluster : killingBeforeWriteOf(kind), types, logger: mockServices.logger.mock() });
    const afterNamespace = async (object: { kind: string }) => {
      if (kind === 'Namespace' && object.kind === 'Namespace') await faults.kill('kube-apiserver');
    };

    const failure = await interrupted.create(alice, request, afterNamespace).catch(e => e);
    await faults.up();
    // The namespace could not be removed either (the server was down): said so, not "nothing was kept".
    expect(failure).toBeInstanceOf(ServiceUnavailableError);
    expect(failure.message).toMatch(/half-made namespace could not be removed either.*retry the same request to finish it/);
    expect(failure.message).not.toMatch(/nothing was kept/);
    const half = await service.readEnvironment(namespace);
    expect(half.phase).toBe('Provisioning');
    expect((await service.list(alice)).find(e => e.namespace === namespace)?.phase).toBe('Provisioning');
    const uid = (await core.readNamespace({ name: namespace })).metadata?.uid;

    // Someone else asking for the name meanwhile is refused and touches nothing.
    const other = await service.create(bob, { ...request, ttlDays: 3 }).catch(e => e);
    expect(other).toBeInstanceOf(ConflictError);
    expect(other.message).toMatch(new RegExp(`${namespace} is being created by another request \\(user:default/alice`));
    expect((await core.readNamespace({ name: namespace })).metadata?.uid).toBe(uid);

    const finished = await service.create(alice, request);
    expect(finished).toMatchObject({ namespace, phase: 'Active', owner: 'user:default/alice' });
    const ns = await core.readNamespace({ name: namespace });
    expect(ns.metadata?.annotations?.[ENVIRONMENT_ANNOTATIONS.provisioning]).toBeUndefined();
    expect(await slipwayNamespaces(namespace)).toEqual([namespace]);
    expect(await slipwayObjects(namespace)).toEqual(environmentObjects('team-a', name, 'development').sort());
    await core.deleteNamespace({ name: namespace });
  });
});

describe('a clone interrupted by the API server dying', () => {
  it('leaves the target provisioning; the same clone again copies everything and marks it ready', async () => {
    const source = await service.create(alice, { team: 'team-a', name: unique('src'), type: 'development' });
    const labels = { [ENVIRONMENT_LABELS.managedBy]: MANAGED_BY, [ENVIRONMENT_LABELS.team]: 'team-a' };
    const asAlice = cluster.asUser(CoreV1Api, { user: 'alice', groups: alice.groups });
    await asAlice.createNamespacedConfigMap({ namespace: source.namespace, body: { metadata: { name: 'settings', labels }, data: { LOG_LEVEL: 'info' } } });
    await asAlice.createNamespacedServiceAccount({ namespace: source.namespace, body: { metadata: { name: 'worker', labels } } });

    const name = unique('copy');
    const target = `team-a-${name}`;
    const request = { name, type: 'development' as const };
    const killing = killingBeforeWriteOf('ServiceAccount');
    const interrupted = new EnvironmentCloner(EnvironmentService.create({ cluster: killing, types, logger: mockServices.logger.mock() }), killing, mockServices.logger.mock());
    const failure = await interrupted.clone(alice, source.namespace, request).catch(e => e);
    await faults.up();
    expect(failure).toBeInstanceOf(ServiceUnavailableError);
    expect(failure.message).toMatch(/half-made namespace could not be removed either/);
    expect((await service.readEnvironment(target)).phase).toBe('Provisioning');

    const report = await new EnvironmentCloner(service, cluster, mockServices.logger.mock()).clone(alice, source.namespace, request);
    expect(report.environment).toMatchObject({ namespace: target, phase: 'Active', clonedFrom: source.namespace });
    expect(await slipwayObjects(target)).toEqual([...environmentObjects('team-a', name, 'development'), 'ConfigMap/settings', 'ServiceAccount/worker'].sort());
    expect(await slipwayNamespaces(target)).toEqual([target]);
    await Promise.all([core.deleteNamespace({ name: target }), core.deleteNamespace({ name: source.namespace })]);
  });
});

describe('an app apply interrupted by the API server dying', () => {
  const userInfo = {
    async getUserInfo(credentials: BackstageCredentials) {
      const ref = (credentials.principal as { userEntityRef: string }).userEntityRef;
      return { userEntityRef: ref, ownershipEntityRefs: [ref, 'group:default/team-a'] };
    },
  };
  const allowing = (namespace: string) =>
    ({
      authorize: async (requests: Array<{ resourceRef?: string }>) =>
        requests.map(r => ({ result: r.resourceRef === namespace ? AuthorizeResult.ALLOW : AuthorizeResult.DENY })),
    }) as unknown as PermissionsService;

  it('the same deploy again converges: every object applied once, the rollout ready', async () => {
    const environment = await service.create(alice, { team: 'team-a', name: unique('app'), type: 'development' });
    const deployments = (access: ClusterAccess) =>
      DeploymentService.create({ cluster: access, permissions: allowing(environment.namespace), userInfo, settings: DEFAULT_GUARD_RAIL_SETTINGS, logger: mockServices.logger.mock() });
    const request = {
      spec: { name: 'shop', team: 'team-a', type: 'web', image: 'registry.example.com/team-a/shop:1.0.0', port: 8080, replicas: 1, resources: { preset: 'small' } },
      environment: environment.name,
    };
    const credentials = mockCredentials.user('user:default/alice');

    const failure = await deployments(killingBeforeWriteOf('Deployment'))
      .apply(credentials, request, { timeoutMs: 120_000 })
      .catch(e => e);
    await faults.up();
    expect(String(failure.message)).toMatch(/Applying Deployment\/shop to .* failed/);

    const { deployment } = await deployments(cluster).apply(credentials, request, { timeoutMs: 240_000 });
    const appObjects = deployment.manifests.map(m => `${m.kind}/${m.metadata.name}`);
    expect(await slipwayObjects(environment.namespace)).toEqual([...environmentObjects('team-a', environment.name, 'development'), ...appObjects].sort());
    const live = await loadKubeConfig(faults.adminKubeconfig)
      .makeApiClient(KubernetesObjectApi)
      .read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'shop', namespace: environment.namespace } })
      .catch((e: ApiException<string>) => e);
    expect((live as { status?: { readyReplicas?: number } }).status?.readyReplicas).toBe(1);
    await core.deleteNamespace({ name: environment.namespace });
  });
});
