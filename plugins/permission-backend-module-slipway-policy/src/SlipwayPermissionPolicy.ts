import { AuthorizeResult, PolicyDecision, isPermission, isResourcePermission } from '@backstage/plugin-permission-common';
import { PermissionPolicy, PolicyQuery, PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  ENVIRONMENT_RESOURCE_TYPE,
  callerFromIdentity,
  environmentCreatePermission,
  previewEnvironmentManagePermission,
} from '@internal/plugin-idp-environments-common';
import { createEnvironmentConditionalDecision, environmentConditions } from '@internal/plugin-idp-environments-node';

/**
 * Tiers come from catalog group membership (catalog/org.yaml): `platform-admins` may do
 * anything; everyone else acts on the environments of their own teams only. Finer rules (who
 * may create production, TTL limits) are the environment rules in the -common package.
 */
export class SlipwayPermissionPolicy implements PermissionPolicy {
  async handle(request: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision> {
    const caller = user ? callerFromIdentity(user.info.userEntityRef, user.info.ownershipEntityRefs) : undefined;
    if (caller?.isPlatformAdmin) return { result: AuthorizeResult.ALLOW };

    if (isResourcePermission(request.permission, ENVIRONMENT_RESOURCE_TYPE)) {
      if (!caller || caller.teams.length === 0) return { result: AuthorizeResult.DENY };
      return createEnvironmentConditionalDecision(request.permission, environmentConditions.isEnvironmentOfTeams({ teams: caller.teams }));
    }
    if (isPermission(request.permission, environmentCreatePermission)) {
      return { result: caller && caller.teams.length > 0 ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    }
    if (isPermission(request.permission, previewEnvironmentManagePermission)) {
      // Previews follow pull requests: CI systems (service principals) and platform admins only.
      return { result: user ? AuthorizeResult.DENY : AuthorizeResult.ALLOW };
    }
    // The rest of Backstage (catalog, scaffolder, search…) is open to signed-in users.
    return { result: AuthorizeResult.ALLOW };
  }
}
