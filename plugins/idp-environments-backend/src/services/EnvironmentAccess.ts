import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ENVIRONMENT_LABELS,
  Environment,
  MANAGED_BY,
  environmentBindings,
  environmentFromNamespace,
} from '@internal/plugin-idp-environments-common';
import { ClusterAccess, FIELD_MANAGER, kubernetesMessage } from '@internal/plugin-idp-kubernetes-node';
import { ApiException, CoreV1Api, PatchStrategy, RbacAuthorizationV1Api, V1RoleBinding } from '@kubernetes/client-node';

/**
 * Keeps every environment's RoleBindings as the access table says today. An environment made
 * before a change of the table (say, when production became read-only, or platform admins were
 * bound per environment) would otherwise keep the old grants until re-provisioned. A binding's
 * role cannot change in place, so a wrong one is replaced.
 */
export class EnvironmentAccess {
  constructor(private readonly deps: { cluster: ClusterAccess; logger: LoggerService }) {}

  /** Brings every environment's bindings in line; returns the namespaces it changed and those it could not. */
  async reconcile(): Promise<{ changed: string[]; failed: string[] }> {
    const namespaces = await this.deps.cluster
      .asService(CoreV1Api)
      .listNamespace({ labelSelector: `${ENVIRONMENT_LABELS.managedBy}=${MANAGED_BY}` });
    const environments = namespaces.items.map(environmentFromNamespace).filter((e): e is Environment => !!e && e.phase === 'Active');
    const changed: string[] = [];
    const failed: string[] = [];
    // One environment's failure (being deleted, say) does not stop the others.
    for (const environment of environments) {
      try {
        if (await this.reconcileOne(environment)) changed.push(environment.namespace);
      } catch (error) {
        failed.push(environment.namespace);
        const message = error instanceof ApiException ? kubernetesMessage(error) : String(error);
        this.deps.logger.warn(`Could not bring the role bindings of ${environment.namespace} in line with the access table: ${message}`);
      }
    }
    if (changed.length) this.deps.logger.info(`Role bindings brought in line with the access table in ${changed.join(', ')}`);
    return { changed, failed };
  }

  private async reconcileOne(environment: Environment): Promise<boolean> {
    const rbac = this.deps.cluster.asService(RbacAuthorizationV1Api);
    const existing = await rbac.listNamespacedRoleBinding({ namespace: environment.namespace });
    const labels = { [ENVIRONMENT_LABELS.managedBy]: MANAGED_BY, [ENVIRONMENT_LABELS.team]: environment.team, [ENVIRONMENT_LABELS.environment]: environment.name };
    let changed = false;
    for (const want of environmentBindings(environment.team, environment.type)) {
      const have = existing.items.find(b => b.metadata?.name === want.name);
      const sameRole = have?.roleRef.name === want.role && have.roleRef.kind === 'ClusterRole';
      const sameSubjects = have?.subjects?.length === 1 && have.subjects[0].kind === 'Group' && have.subjects[0].name === want.group;
      if (have && sameRole && sameSubjects) continue;
      if (have && !sameRole) await rbac.deleteNamespacedRoleBinding({ name: want.name, namespace: environment.namespace });
      const binding: V1RoleBinding = {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: want.name, namespace: environment.namespace, labels },
        subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: want.group }],
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: want.role },
      };
      await this.deps.cluster.objectsAsService().patch(binding as any, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
      changed = true;
    }
    return changed;
  }
}
