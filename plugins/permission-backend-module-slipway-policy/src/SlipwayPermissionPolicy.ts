import { LoggerService } from '@backstage/backend-plugin-api';
import { catalogConditions, createCatalogConditionalDecision } from '@backstage/plugin-catalog-backend/alpha';
import { AuthorizeResult, PermissionCondition, PermissionCriteria, PolicyDecision, isResourcePermission } from '@backstage/plugin-permission-common';
import { PermissionPolicy, PolicyQuery, PolicyQueryUser } from '@backstage/plugin-permission-node';
import { createScaffolderTaskConditionalDecision, scaffolderTaskConditions } from '@backstage/plugin-scaffolder-backend/alpha';
import {
  Caller,
  ENVIRONMENT_RESOURCE_TYPE,
  PortalAudience,
  accessRowOfPermission,
  callerFromIdentity,
  grantsOf,
  portalAccessRow,
} from '@internal/plugin-idp-environments-common';
import { createEnvironmentConditionalDecision, environmentConditions } from '@internal/plugin-idp-environments-node';

type EnvironmentCriteria = PermissionCriteria<PermissionCondition<typeof ENVIRONMENT_RESOURCE_TYPE>>;
type EntityCriteria = PermissionCriteria<PermissionCondition<'catalog-entity'>>;

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/** The people a tech lead answers for: the members of the teams they lead (the catalog's org). */
export interface TeamDirectory {
  /** User entity refs of the members (and leads) of these teams. */
  membersOf(teams: string[]): Promise<string[]>;
}

/**
 * Slipway's permission policy: every answer comes from the access table in
 * `idp-environments-common` (environment actions by tier and environment class, and the portal's
 * other permissions, Backstage's own included). A permission the table does not name is denied.
 */
export class SlipwayPermissionPolicy implements PermissionPolicy {
  constructor(private readonly deps: { teams: TeamDirectory; logger?: LoggerService }) {}

  async handle(request: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision> {
    const { permission } = request;
    const caller = user ? callerFromIdentity(user.info.userEntityRef, user.info.ownershipEntityRefs) : undefined;

    const environmentRow = accessRowOfPermission(permission.name);
    if (environmentRow) {
      // Environment actions are people's; no service acts on an environment through the portal.
      if (!caller) return DENY;
      const grants = grantsOf(caller, environmentRow);
      if (grants.everywhere) return ALLOW;
      if (grants.grants.length === 0) return DENY;
      // Creating asks before there is an environment: the rules then check team and type.
      if (!isResourcePermission(permission, ENVIRONMENT_RESOURCE_TYPE)) return ALLOW;
      const conditions = grants.grants.map(
        (grant): EnvironmentCriteria =>
          grant.teams
            ? {
                allOf: [
                  environmentConditions.isEnvironmentOfTeams({
                    teams: grant.teams,
                  }),
                  environmentConditions.isEnvironmentOfTypes({
                    types: grant.types,
                  }),
                ],
              }
            : environmentConditions.isEnvironmentOfTypes({
                types: grant.types,
              }),
      );
      const [first, ...rest] = conditions;
      return createEnvironmentConditionalDecision(permission, rest.length === 0 ? first : { anyOf: [first, ...rest] });
    }

    const portalRow = portalAccessRow(permission.name);
    if (!portalRow) {
      this.deps.logger?.warn(`Denied ${permission.name}: Slipway's access table does not name it; add it to PORTAL_ACCESS in idp-environments-common`);
      return DENY;
    }
    if (!caller) return portalRow.services ? ALLOW : DENY;
    if (caller.isPlatformAdmin) return ALLOW;
    return this.decideForPerson(portalRow.people, request, caller);
  }

  private async decideForPerson(audience: PortalAudience, request: PolicyQuery, caller: Caller): Promise<PolicyDecision> {
    const { permission } = request;
    switch (audience) {
      case 'everyone':
        return ALLOW;
      case 'teamMembers':
        return caller.teams.length > 0 ? ALLOW : DENY;
      case 'platformAdmins':
      case 'nobody':
        return DENY;
      case 'entitiesOutsideOtherTeamsEnvironments': {
        if (!isResourcePermission(permission, 'catalog-entity')) return DENY;
        const isEnvironment: EntityCriteria = {
          allOf: [catalogConditions.isEntityKind({ kinds: ['Resource'] }), catalogConditions.hasSpec({ key: 'type', value: 'environment' })],
        };
        const ownTeams = caller.teams.map(team => `group:default/${team}`);
        const notAnEnvironment: EntityCriteria = { not: isEnvironment };
        return createCatalogConditionalDecision(
          permission,
          ownTeams.length
            ? {
                anyOf: [notAnEnvironment, catalogConditions.isEntityOwner({ claims: ownTeams })],
              }
            : notAnEnvironment,
        );
      }
      case 'taskInitiatorsAndTheirLeads': {
        if (!isResourcePermission(permission, 'scaffolder-task')) return DENY;
        const led = caller.leadOf.length ? await this.deps.teams.membersOf(caller.leadOf) : [];
        const createdBy = [...new Set([caller.userEntityRef, ...led])].sort();
        return createScaffolderTaskConditionalDecision(permission, scaffolderTaskConditions.isTaskOwner({ createdBy }));
      }
      default:
        return DENY;
    }
  }
}
