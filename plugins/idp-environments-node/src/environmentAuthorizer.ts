import { BackstageCredentials, PermissionsService } from '@backstage/backend-plugin-api';
import { AuthorizeResult, ResourcePermission } from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { ENVIRONMENT_RESOURCE_TYPE, Environment } from '@internal/plugin-idp-environments-common';
import { environmentPermissionRules } from './permissionRules';

const isAllowedByConditions = createConditionAuthorizer(Object.values(environmentPermissionRules));

/**
 * Asks the permission framework about environments the caller already holds (so no round trip
 * to idp-environments to load them): one policy decision, its conditions applied here.
 */
export class EnvironmentAuthorizer {
  constructor(private readonly permissions: PermissionsService) {}

  /** The environments among `candidates` the permission allows. */
  async filter<T extends Environment>(
    credentials: BackstageCredentials,
    permission: ResourcePermission<typeof ENVIRONMENT_RESOURCE_TYPE>,
    candidates: T[],
  ): Promise<T[]> {
    const [decision] = await this.permissions.authorizeConditional([{ permission }], { credentials });
    if (decision.result === AuthorizeResult.DENY) return [];
    if (decision.result === AuthorizeResult.ALLOW) return candidates;
    return candidates.filter(environment => isAllowedByConditions(decision, environment));
  }

  async allows(
    credentials: BackstageCredentials,
    permission: ResourcePermission<typeof ENVIRONMENT_RESOURCE_TYPE>,
    environment: Environment,
  ): Promise<boolean> {
    return (await this.filter(credentials, permission, [environment])).length === 1;
  }
}
