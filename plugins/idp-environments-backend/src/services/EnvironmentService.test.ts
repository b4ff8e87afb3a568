/*
 * The environment lifecycle against the real local control plane (cluster/cluster.sh), acting
 * as the portal's service account exactly as the running backend does.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError, InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { callerFromIdentity, provisioningMarkerValue, provisioningRequest, renderEnvironment, resolveEnvironmentTypes } from '@internal/plugin-idp-environments-common';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { ApiException, CoreV1Api, KubernetesObjectApi, NetworkingV1Api, PatchStrategy, RbacAuthorizationV1Api, setHeaderOptions } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { EnvironmentCloner } from './EnvironmentCloner';
import { EnvironmentService } from './EnvironmentService';

jest.setTimeout(120_000);

const alice = callerFromIdentity('user:default/alice', ['user:default/alice', 'group:default/team-a']);
const bob = callerFromIdentity('user:default/bob', ['user:default/bob', 'group:default/team-a', 'group:default/team-a-leads']);
const carol = callerFromIdentity('user:default/carol', ['user:default/carol', 'group:default/team-b']);
const erin = callerFromIdentity('user:default/erin', ['user:default/erin', 'group:default/platform', 'group:default/platform-admins']);

let cluster: ClusterAccess;
let admin: CoreV1Api;
let service: EnvironmentService;
let cloner: EnvironmentCloner;
const created: string[] = [];
const uniqueName = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;

beforeAll(async () => {
  const local = await ensureLocalCluster();
  cluster = new ClusterAccess(loadKubeConfig(local.backendKubeconfig));
  admin = loadKubeConfig(local.adminKubeconfig).makeApiClient(CoreV1Api);
  service = EnvironmentService.create({ cluster, types: resolveEnvironmentTypes(undefined), logger: mockServices.logger.mock() });
  cloner = new EnvironmentCloner(service, cluster, mockServices.logger.mock());
});

afterAll(async () => {
  await Promise.all(created.map(name => admin.deleteNamespace({ name }).catch(() => undefined)));
});

async function createFor(caller = alice, name = uniqueName('dev'), type: 'development' | 'staging' | 'production' = 'development') {
  const environment = await service.create(caller, { team: caller.teams[0], name, type });
  created.push(environment.namespace);
  return environment;
}

describe('EnvironmentService against the local cluster', () => {
  it('creates the namespace with its labels, quota, limits, network policies and role bindings', async () => {
    const applied: string[] = [];
    const name = uniqueName('dev');
    const environment = await service.create(alice, { team: 'team-a', name, type: 'development' }, o => applied.push(`${o.kind}/${o.name}`));
    created.push(environment.namespace);
    const namespace = `team-a-${name}`;

    expect(environment).toMatchObject({ team: 'team-a', name, namespace, type: 'development', owner: 'user:default/alice', protected: false });
    expect(Date.parse(environment.expiresAt!) - Date.parse(environment.createdAt)).toBe(7 * 24 * 3600 * 1000);
    expect(applied[0]).toBe(`Namespace/${namespace}`);

    const ns = await admin.readNamespace({ name: namespace });
    expect(ns.metadata?.labels).toMatchObject({
      'slipway.dev/team': 'team-a',
      'slipway.dev/environment': name,
      'slipway.dev/type': 'development',
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
    const quota = await admin.readNamespacedResourceQuota({ name: 'slipway-quota', namespace });
    expect(quota.spec?.hard).toMatchObject({ 'requests.cpu': '4', 'requests.memory': '8Gi', pods: '20' });
    await admin.readNamespacedLimitRange({ name: 'slipway-defaults', namespace });
    const policies = await cluster.asService(NetworkingV1Api).listNamespacedNetworkPolicy({ namespace });
    expect(policies.items.map(p => p.metadata?.name).sort()).toEqual(['allow-from-ingress', 'allow-same-namespace', 'default-deny']);
    const bindings = await cluster.asService(RbacAuthorizationV1Api).listNamespacedRoleBinding({ namespace });
    expect(bindings.items.map(b => `${b.subjects?.[0].name}->${b.roleRef.name}`).sort()).toEqual([
      'platform-admins->slipway-platform-admin',
      'team-a->slipway-developer',
      'team-a-leads->slipway-lead',
    ]);
  });

  it('lets the team work inside through Kubernetes RBAC, and refuses another team at both layers', async () => {
    const environment = await createFor(alice);
    const asAlice = cluster.asUser(CoreV1Api, { user: 'alice', groups: alice.groups });
    const asCarol = cluster.asUser(CoreV1Api, { user: 'carol', groups: carol.groups });
    const body = { metadata: { name: 'settings' }, data: { LOG_LEVEL: 'info' } };

    await expect(asAlice.createNamespacedConfigMap({ namespace: environment.namespace, body })).resolves.toBeDefined();
    const refused = await asCarol.listNamespacedConfigMap({ namespace: environment.namespace }).catch(e => e);
    expect((refused as ApiException<string>).code).toBe(403);

    await expect(service.get(carol, environment.namespace)).rejects.toBeInstanceOf(NotFoundError);
    expect((await service.list(carol)).map(e => e.namespace)).not.toContain(environment.namespace);
    const listed = (await service.list(alice)).find(e => e.namespace === environment.namespace);
    expect(listed?.quota.find(q => q.resource === 'pods')).toMatchObject({ hard: '20' });
    expect((await service.list(erin)).map(e => e.namespace)).toContain(environment.namespace);

    const detail = await service.get(alice, environment.namespace);
    expect(detail.quota.find(q => q.resource === 'pods')).toMatchObject({ hard: '20' });
  });

  it('refuses what the rules forbid, and creates nothing', async () => {
    const name = uniqueName('prod');
    await expect(service.create(alice, { team: 'team-a', name, type: 'production' })).rejects.toBeInstanceOf(NotAllowedError);
    await expect(service.create(carol, { team: 'team-a', name, type: 'development' })).rejects.toBeInstanceOf(NotAllowedError);
    await expect(service.create(alice, { team: 'team-a', name, type: 'development', ttlDays: 90 })).rejects.toBeInstanceOf(InputError);
    const missing = await admin.readNamespace({ name: `team-a-${name}` }).catch(e => e);
    expect((missing as ApiException<string>).code).toBe(404);

    const existing = await createFor(alice);
    await expect(service.create(alice, { team: 'team-a', name: existing.name, type: 'development', ttlDays: 3 })).rejects.toThrow(
      new ConflictError(`Environment ${existing.namespace} already exists (created by user:default/alice at ${existing.createdAt}); choose another name or extend that one`),
    );
    await expect(service.create(bob, { team: 'team-a', name: existing.name, type: 'development' })).rejects.toBeInstanceOf(ConflictError);
    // The same request again (its answer was lost): the environment as it is, nothing re-applied.
    await expect(service.create(alice, { team: 'team-a', name: existing.name, type: 'development' })).resolves.toEqual(existing);
  });

  it('removes the namespace again when an object is refused half-way', async () => {
    const failing = new (class extends ClusterAccess {
      objectsAsService() {
        const real = super.objectsAsService();
        return new Proxy(real, {
          get: (target, prop) =>
            prop === 'patch'
              ? async (object: { kind: string }, ...rest: unknown[]) => {
                  if (object.kind === 'NetworkPolicy') throw new ApiException(422, 'refused', '{"message":"simulated refusal"}', {});
                  return (target.patch as any)(object, ...rest);
                }
              : (target as any)[prop],
        }) as KubernetesObjectApi;
      }
    })((cluster as any).kubeConfig);
    const halfway = EnvironmentService.create({ cluster: failing, types: resolveEnvironmentTypes(undefined), logger: mockServices.logger.mock() });
    const name = uniqueName('half');
    await expect(halfway.create(alice, { team: 'team-a', name, type: 'development' })).rejects.toThrow(/nothing was kept.*simulated refusal/);
    const ns = await admin.readNamespace({ name: `team-a-${name}` }).catch(e => e);
    // Deleted, or on its way out.
    expect(ns instanceof ApiException ? 'gone' : ns.status?.phase).toMatch(/gone|Terminating/);
  });

  it('of two different requests for one name at once, one wins whole and the other gets a conflict', async () => {
    const name = uniqueName('race');
    const namespace = `team-a-${name}`;
    created.push(namespace);
    const results = await Promise.allSettled([
      service.create(alice, { team: 'team-a', name, type: 'development' }),
      service.create(bob, { team: 'team-a', name, type: 'development', ttlDays: 3 }),
    ]);
    const won = results.filter((r): r is PromiseFulfilledResult<Awaited<ReturnType<EnvironmentService['create']>>> => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(ConflictError);
    expect(lost[0].reason.message).toContain(namespace);
    // The loser deleted nothing: the winner's environment is whole and ready.
    const environment = await service.readEnvironment(namespace);
    expect(environment).toMatchObject({ phase: 'Active', owner: won[0].value.owner });
    const bindings = await cluster.asService(RbacAuthorizationV1Api).listNamespacedRoleBinding({ namespace });
    expect(bindings.items).toHaveLength(3);
    const policies = await cluster.asService(NetworkingV1Api).listNamespacedNetworkPolicy({ namespace });
    expect(policies.items).toHaveLength(3);
    await admin.readNamespacedResourceQuota({ name: 'slipway-quota', namespace });
  });

  it('answers the same request sent twice at once (a double click) with the one environment', async () => {
    const name = uniqueName('twice');
    created.push(`team-a-${name}`);
    const [first, second] = await Promise.all([
      service.create(alice, { team: 'team-a', name, type: 'development' }),
      service.create(alice, { team: 'team-a', name, type: 'development' }),
    ]);
    expect(first).toMatchObject({ namespace: `team-a-${name}`, phase: 'Active' });
    expect(second).toMatchObject({ namespace: `team-a-${name}`, phase: 'Active', createdAt: first.createdAt });
  });

  it('finishes a create its backend died in (only the marked Namespace exists) on the same request, refuses others meanwhile, and removes an abandoned one', async () => {
    const development = resolveEnvironmentTypes(undefined).find(t => t.type === 'development')!;
    // What a backend leaves when it dies right after creating the Namespace.
    const leftBehind = (name: string, by: string, at: Date, ttlDays?: number) => {
      const [ns] = renderEnvironment({
        environment: { team: 'team-a', name, type: 'development', owner: by, createdAt: at.toISOString(), protected: false },
        settings: development,
      });
      const marker = provisioningMarkerValue({ by, request: provisioningRequest({ team: 'team-a', name, type: 'development', ttlDays }), at: at.toISOString() });
      return admin.createNamespace({ body: { ...ns, metadata: { ...ns.metadata, annotations: { ...ns.metadata.annotations, 'slipway.dev/provisioning': marker } } } as any });
    };

    const name = uniqueName('died');
    const namespace = `team-a-${name}`;
    created.push(namespace);
    const at = new Date();
    const { metadata } = await leftBehind(name, alice.userEntityRef, at);
    expect((await service.list(alice)).find(e => e.namespace === namespace)?.phase).toBe('Provisioning');
    await expect(service.create(bob, { team: 'team-a', name, type: 'development' })).rejects.toThrow(
      new ConflictError(`Environment ${namespace} is being created by another request (user:default/alice at ${at.toISOString()}); choose another name`),
    );
    const finished = await service.create(alice, { team: 'team-a', name, type: 'development' });
    expect(finished).toMatchObject({ namespace, phase: 'Active' });
    expect((await admin.readNamespace({ name: namespace })).metadata?.uid).toBe(metadata?.uid);
    expect((await cluster.asService(RbacAuthorizationV1Api).listNamespacedRoleBinding({ namespace })).items).toHaveLength(3);
    await expect(service.create(alice, { team: 'team-a', name, type: 'development' })).resolves.toEqual(finished);
    await expect(service.create(bob, { team: 'team-a', name, type: 'development' })).rejects.toThrow(/already exists \(created by user:default\/alice/);

    // Another request's marker older than the limit: removed, and the next create makes it anew.
    const stale = uniqueName('stale');
    created.push(`team-a-${stale}`);
    await leftBehind(stale, 'user:default/carol', new Date(Date.now() - 11 * 60_000));
    await expect(service.create(alice, { team: 'team-a', name: stale, type: 'development' })).rejects.toThrow(/left half-made by an interrupted request .* being removed now, try again/);
    // Until the abandoned namespace is gone, the name answers "being deleted"; then the create succeeds.
    let outcome: unknown;
    for (let deadline = Date.now() + 90_000; ; ) {
      outcome = await service.create(alice, { team: 'team-a', name: stale, type: 'development' }).catch(e => e);
      // "being deleted" while it terminates; "try again" when it vanished between our create and read.
      if (!(outcome instanceof ConflictError && /being deleted|try again/.test(outcome.message)) || Date.now() > deadline) break;
      await new Promise(resolve => setTimeout(resolve, 1000));
    }
    expect(outcome).toMatchObject({ namespace: `team-a-${stale}`, phase: 'Active', owner: alice.userEntityRef });
  });

  it('deletes idempotently: again while terminating succeeds, once gone it is 404', async () => {
    const environment = await createFor(alice);
    const { namespace } = environment;
    // A finalizer inside holds the namespace in Terminating for as long as the test needs.
    const held = await admin.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'held', finalizers: ['slipway.dev/test-hold'] } } });
    await service.delete(alice, namespace, namespace);
    expect((await service.readEnvironment(namespace)).phase).toBe('Terminating');
    await expect(service.delete(alice, namespace, namespace)).resolves.toBeUndefined();
    await admin.patchNamespacedConfigMap(
      { name: 'held', namespace, body: [{ op: 'remove', path: '/metadata/finalizers' }] },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    expect(held.metadata?.name).toBe('held');
    for (let deadline = Date.now() + 90_000; await service.find(namespace); ) {
      if (Date.now() > deadline) throw new Error(`${namespace} was not gone after 90 s`);
      await new Promise(resolve => setTimeout(resolve, 500));
    }
    await expect(service.delete(alice, namespace, namespace)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('extends within the tier’s limit and deletes only with the name typed', async () => {
    const environment = await createFor(alice);
    const extended = await service.extend(alice, environment.namespace, 20);
    expect(Date.parse(extended.expiresAt!)).toBeGreaterThan(Date.parse(environment.expiresAt!));
    await expect(service.extend(alice, environment.namespace, 60)).rejects.toBeInstanceOf(InputError);
    await expect(service.extend(bob, environment.namespace, 60)).resolves.toMatchObject({ namespace: environment.namespace });
    await expect(service.extend(carol, environment.namespace, 5)).rejects.toBeInstanceOf(NotFoundError);

    await expect(service.delete(alice, environment.namespace, 'wrong')).rejects.toBeInstanceOf(InputError);
    await service.delete(alice, environment.namespace, environment.namespace);
    const ns = await admin.readNamespace({ name: environment.namespace }).catch(e => e);
    expect(ns instanceof ApiException ? 'gone' : ns.status?.phase).toMatch(/gone|Terminating/);
  });

  it('clones workloads and config, secrets as references only, replicas capped to the target type', async () => {
    const source = await createFor(alice);
    const managed = { 'app.kubernetes.io/managed-by': 'slipway' };
    const adminObjects = KubernetesObjectApi.makeApiClient(loadKubeConfig((await ensureLocalCluster()).adminKubeconfig));
    await adminObjects.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web', namespace: source.namespace, labels: managed }, data: { LOG_LEVEL: 'debug' } } as any);
    await adminObjects.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: source.namespace, labels: managed }, stringData: { url: 'postgres://secret-value' } } as any);
    await adminObjects.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: source.namespace, labels: managed },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'web',
                image: 'registry.example.com/team-a/web:1.0.0',
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
                resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m', memory: '256Mi' } },
                env: [{ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'db', key: 'url' } } }],
              },
            ],
          },
        },
      },
    } as any);

    await adminObjects.create({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'web-ingress', namespace: source.namespace, labels: managed },
      spec: { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }] }] },
    } as any);

    await expect(cloner.clone(carol, source.namespace, { name: uniqueName('steal'), type: 'development' })).rejects.toBeInstanceOf(NotFoundError);

    const name = uniqueName('qa');
    const report = await cloner.clone(alice, source.namespace, { name, type: 'staging' });
    created.push(report.environment.namespace);
    expect(report.environment).toMatchObject({ namespace: `team-a-${name}`, type: 'staging', clonedFrom: source.namespace });
    expect(report.objects).toEqual([
      { kind: 'ConfigMap', name: 'web', action: 'copied' },
      { kind: 'Deployment', name: 'web', action: 'adjusted', reason: 'replicas 3 → 2 (staging limit)' },
      { kind: 'NetworkPolicy', name: 'web-ingress', action: 'copied' },
      {
        kind: 'Secret',
        name: 'db',
        action: 'reference',
        reason: `Secret values are never copied; set the keys of db in team-a-${name} before the workloads that use it start`,
      },
    ]);
    expect(JSON.stringify(report)).not.toContain('secret-value');

    const target = report.environment.namespace;
    const deployment = await adminObjects.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: target } });
    expect((deployment as any).spec.replicas).toBe(2);
    const configMap = await admin.readNamespacedConfigMap({ name: 'web', namespace: target });
    expect(configMap.data).toEqual({ LOG_LEVEL: 'debug' });
    const secret = await admin.readNamespacedSecret({ name: 'db', namespace: target }).catch(e => e);
    expect((secret as ApiException<string>).code).toBe(404);
  });

  it('lets a tech lead change the team’s quota within the type’s maximum, and keeps it through re-provisioning and clones', async () => {
    const environment = await createFor(alice);
    const { namespace } = environment;
    const hard = async (ns = namespace) => (await admin.readNamespacedResourceQuota({ name: 'slipway-quota', namespace: ns })).spec?.hard;

    const changed = await service.changeQuota(bob, namespace, { cpu: '12', pods: 30 });
    expect(changed.previous).toEqual({ cpu: '4', memory: '8Gi', pods: 20 });
    expect(changed.quota).toEqual({ cpu: '12', memory: '8Gi', pods: 30 });
    expect(changed.environment.quotaOverride).toEqual(changed.quota);
    expect(changed.environment.quota.find(q => q.resource === 'pods')).toMatchObject({ hard: '30' });
    expect(await hard()).toMatchObject({ 'requests.cpu': '12', 'limits.cpu': '12', 'requests.memory': '8Gi', pods: '30' });
    const ns = await admin.readNamespace({ name: namespace });
    expect(JSON.parse(ns.metadata!.annotations!['slipway.dev/quota-override'])).toEqual({ cpu: '12', memory: '8Gi', pods: 30 });

    await expect(service.changeQuota(alice, namespace, { cpu: '8' })).rejects.toBeInstanceOf(NotAllowedError);
    await expect(service.changeQuota(carol, namespace, { cpu: '8' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.changeQuota(erin, namespace, { cpu: '17' })).rejects.toThrow(new InputError('cpu: Use at most 16 for cpu (the maximum the platform team set for this environment type), or ask a platform admin to raise it'));
    expect(await hard()).toMatchObject({ 'requests.cpu': '12', pods: '30' });

    // Re-provisioning (as previews are on every push) renders the team's quota again.
    await service.provision(alice.userEntityRef, { team: 'team-a', name: environment.name, type: 'development' }, { update: true });
    expect(await hard()).toMatchObject({ 'requests.cpu': '12', pods: '30' });
    expect((await service.readEnvironment(namespace)).quotaOverride).toEqual({ cpu: '12', memory: '8Gi', pods: 30 });

    // A clone keeps it where the target type's maximum allows it (development: 16), not beyond (preview: 8).
    const same = await cloner.clone(bob, namespace, { name: uniqueName('same'), type: 'development' });
    created.push(same.environment.namespace);
    expect(same.environment.quotaOverride).toEqual({ cpu: '12', memory: '8Gi', pods: 30 });
    expect(await hard(same.environment.namespace)).toMatchObject({ 'requests.cpu': '12', pods: '30' });
    const smaller = await cloner.clone(bob, namespace, { name: uniqueName('small'), type: 'preview' });
    created.push(smaller.environment.namespace);
    expect(smaller.environment.quotaOverride).toBeUndefined();
    expect(await hard(smaller.environment.namespace)).toMatchObject({ 'requests.cpu': '2', pods: '10' });
  });
});
