import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { IMPERSONATION_ROLE, impersonationRole, impersonationSubjects } from '@internal/plugin-idp-environments-common';
import { ClusterAccess, FIELD_MANAGER, kubernetesMessage } from '@internal/plugin-idp-kubernetes-node';
import { ApiException, PatchStrategy } from '@kubernetes/client-node';

/**
 * Keeps the list of people and groups the portal may impersonate (ClusterRole
 * `slipway-backend-impersonation`) equal to the catalog's organisation, so a new colleague can
 * use Slipway without a platform admin editing RBAC, and a leaver can no longer be impersonated.
 * The portal holds `escalate` on that one role only; admission (`slipway-impersonation-scope`)
 * refuses any content but named users and groups, never `system:` ones.
 */
export class ImpersonationScope {
  constructor(private readonly deps: { catalog: CatalogService; auth: AuthService; cluster: ClusterAccess; logger: LoggerService }) {}

  /** Applies the catalog's users and groups; returns how many of each, or undefined when skipped. */
  async sync(): Promise<{ users: number; groups: number } | undefined> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const { items } = await this.deps.catalog.getEntities({ filter: { kind: ['User', 'Group'] }, fields: ['kind', 'metadata.name'] }, { credentials });
    const subjects = impersonationSubjects(items);
    // A catalog still ingesting its first locations has nobody yet: keep the list as it is.
    if (subjects.users.length === 0) {
      this.deps.logger.info(`Impersonation scope: the catalog has no users yet; ${IMPERSONATION_ROLE} is left as it is`);
      return undefined;
    }
    try {
      await this.deps.cluster
        .objectsAsService()
        .patch(impersonationRole(subjects) as any, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
    } catch (error) {
      const message = error instanceof ApiException ? kubernetesMessage(error) : String(error);
      this.deps.logger.warn(
        `Impersonation scope: could not update ${IMPERSONATION_ROLE} (${message}); install Slipway's cluster setup (cluster/manifests/slipway-cluster-setup.json or the Helm chart) so the portal may keep it current`,
      );
      throw error;
    }
    return { users: subjects.users.length, groups: subjects.groups.length };
  }
}
