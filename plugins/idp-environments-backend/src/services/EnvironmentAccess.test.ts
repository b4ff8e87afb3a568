/* Bringing environments made under an earlier access table in line, against the real local control plane. */
import { mockServices } from '@backstage/backend-test-utils';
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { renderEnvironment, resolveEnvironmentTypes } from '@internal/plugin-idp-environments-common';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { CoreV1Api, KubernetesObjectApi, PatchStrategy, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { EnvironmentAccess } from './EnvironmentAccess';

jest.setTimeout(120_000);

it('rebinds an old production environment read-only and adds the platform admins, leaving a current one alone', async () => {
  const local = await ensureLocalCluster();
  const admin = loadKubeConfig(local.adminKubeconfig);
  const writer = KubernetesObjectApi.makeApiClient(admin);
  const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
  const tag = randomBytes(3).toString('hex');
  const production = resolveEnvironmentTypes(undefined).find(t => t.type === 'production')!;
  const objects = renderEnvironment({
    environment: { team: 'team-a', name: `acc-${tag}`, type: 'production', owner: 'user:default/bob', createdAt: new Date().toISOString(), protected: false },
    settings: production,
  });
  const namespace = objects[0].metadata.name;
  try {
    // As an earlier Slipway made it: the team bound to the writing role, no platform admins' binding.
    for (const object of objects.filter(o => o.kind !== 'RoleBinding')) await writer.patch(object as any, undefined, undefined, 'slipway', true, PatchStrategy.ServerSideApply);
    await rbac.createNamespacedRoleBinding({
      namespace,
      body: {
        metadata: { name: 'slipway-developers' },
        subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'team-a' }],
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'slipway-developer' },
      },
    });
    const access = new EnvironmentAccess({ cluster: new ClusterAccess(loadKubeConfig(local.backendKubeconfig)), logger: mockServices.logger.mock() });
    const first = await access.reconcile();
    expect(first.changed).toContain(namespace);
    const bindings = (await rbac.listNamespacedRoleBinding({ namespace })).items.map(b => `${b.metadata?.name}:${b.subjects?.[0].name}->${b.roleRef.name}`).sort();
    expect(bindings).toEqual([
      'slipway-developers:team-a->slipway-developer-production',
      'slipway-leads:team-a-leads->slipway-lead-production',
      'slipway-platform-admins:platform-admins->slipway-platform-admin-production',
    ]);
    expect((await access.reconcile()).changed).not.toContain(namespace);
  } finally {
    await admin.makeApiClient(CoreV1Api).deleteNamespace({ name: namespace });
  }
});
