/*
 * The impersonation list against the real local control plane: the portal keeps it equal to the
 * catalog, Kubernetes then lets it act as exactly those people, and admission refuses any attempt
 * (even by the portal's own identity) to let it impersonate a system identity.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { IMPERSONATION_ROLE } from '@internal/plugin-idp-environments-common';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { ApiException, CoreV1Api, PatchStrategy, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { ImpersonationScope } from './ImpersonationScope';

jest.setTimeout(120_000);

const SEEDED = ['alice', 'bob', 'carol', 'dave', 'erin'].map(name => ({ kind: 'User', metadata: { name } }));
const GROUPS = ['team-a', 'team-a-leads', 'team-b', 'team-b-leads', 'platform', 'platform-admins'].map(name => ({ kind: 'Group', metadata: { name } }));

let cluster: ClusterAccess;
let rbac: RbacAuthorizationV1Api;

const scope = (entities: object[]) =>
  new ImpersonationScope({
    catalog: { getEntities: async () => ({ items: entities }) } as any,
    auth: mockServices.auth(),
    cluster,
    logger: mockServices.logger.mock(),
  });

/** Whether the portal may act as `user`, asked of the real API server. */
async function canActAs(user: string): Promise<boolean> {
  return cluster
    .asUser(CoreV1Api, { user, groups: [] })
    .listNamespace({ limit: 1 })
    .then(
      () => true,
      // The transport turns the API server's "cannot impersonate" into a NotAllowedError that says what to do.
      (error: ApiException<unknown>) => !(error.name === 'NotAllowedError' && /may not act as/.test(error.message)),
    );
}

beforeAll(async () => {
  const local = await ensureLocalCluster();
  cluster = new ClusterAccess(loadKubeConfig(local.backendKubeconfig));
  rbac = loadKubeConfig(local.adminKubeconfig).makeApiClient(RbacAuthorizationV1Api);
});

afterAll(async () => {
  // Leave the seeded organisation, which the other tests act as.
  await scope([...SEEDED, ...GROUPS]).sync();
});

it('follows the catalog: a new colleague can be impersonated, a leaver no longer', async () => {
  expect(await canActAs('frank')).toBe(false);
  const refused = await cluster.asUser(CoreV1Api, { user: 'frank', groups: [] }).listNamespace({ limit: 1 }).catch(e => e);
  expect(refused.name).toBe('NotAllowedError');
  expect(refused.message).toBe(
    `The portal may not act as frank in the cluster yet: people are added to ${IMPERSONATION_ROLE} from the catalog every 10 minutes. Try again in a few minutes; if it persists, a platform admin checks that Slipway's cluster setup is installed (docs/admin.md)`,
  );
  await scope([...SEEDED.filter(u => u.metadata.name !== 'erin'), { kind: 'User', metadata: { name: 'frank' } }, ...GROUPS]).sync();
  const role = await rbac.readClusterRole({ name: IMPERSONATION_ROLE });
  expect(role.rules?.find(r => r.resources?.includes('users'))?.resourceNames).toEqual(['alice', 'bob', 'carol', 'dave', 'frank']);
  expect(await canActAs('frank')).toBe(true);
  expect(await canActAs('erin')).toBe(false);
});

it('keeps the list when the catalog has no users yet (still ingesting)', async () => {
  await scope([...SEEDED, ...GROUPS]).sync();
  expect(await scope([]).sync()).toBeUndefined();
  expect(await canActAs('alice')).toBe(true);
});

it('can never be made to include a system identity, not even by the portal’s own identity', async () => {
  const widened = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: IMPERSONATION_ROLE },
    rules: [{ apiGroups: [''], resources: ['groups'], verbs: ['impersonate'], resourceNames: ['system:masters'] }],
  };
  const error = await cluster
    .objectsAsService()
    .patch(widened as any, undefined, undefined, 'slipway', true, PatchStrategy.ServerSideApply)
    .then(
      () => undefined,
      e => e as ApiException<unknown>,
    );
  expect(error?.code).toBe(403);
  expect(String(error?.body)).toMatch(/slipway-impersonation-scope/);
  const everyone = { ...widened, rules: [{ apiGroups: [''], resources: ['users'], verbs: ['impersonate'] }] };
  const second = await cluster.objectsAsService().patch(everyone as any, undefined, undefined, 'slipway', true, PatchStrategy.ServerSideApply).catch(e => e);
  expect(second.code).toBe(403);
  expect(await canActAs('system:admin')).toBe(false);
  // Nor may it change any other role, its own included.
  const own = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'slipway-backend' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] };
  expect((await cluster.objectsAsService().patch(own as any, undefined, undefined, 'slipway', true, PatchStrategy.ServerSideApply).catch(e => e)).code).toBe(403);
});
