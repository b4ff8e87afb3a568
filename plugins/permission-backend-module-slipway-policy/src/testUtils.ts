import { BackstageCredentials, PermissionsService, UserInfoService, coreServices, createServiceFactory } from '@backstage/backend-plugin-api';
import { AuthorizeResult, ConditionalPolicyDecision, Permission } from '@backstage/plugin-permission-common';
import { PolicyQueryUser, createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { Environment } from '@internal/plugin-idp-environments-common';
import { environmentPermissionRules } from '@internal/plugin-idp-environments-node';
import { SlipwayPermissionPolicy } from './SlipwayPermissionPolicy';

/** The seeded organisation (catalog/org.yaml): user entity ref → group refs. */
export const SEEDED_OWNERSHIP: Record<string, string[]> = {
  'user:default/alice': ['group:default/team-a'],
  'user:default/bob': ['group:default/team-a', 'group:default/team-a-leads'],
  'user:default/carol': ['group:default/team-b'],
  'user:default/dave': ['group:default/team-b', 'group:default/team-b-leads'],
  'user:default/erin': ['group:default/platform', 'group:default/platform-admins'],
};

/** A userInfo service that answers from an ownership table, as the catalog would. */
export function ownershipUserInfo(ownership: Record<string, string[]> = SEEDED_OWNERSHIP): UserInfoService {
  return {
    async getUserInfo(credentials: BackstageCredentials) {
      const ref = (credentials.principal as { userEntityRef: string }).userEntityRef;
      return {
        userEntityRef: ref,
        ownershipEntityRefs: [ref, ...(ownership[ref] ?? [])],
      };
    },
  };
}

/**
 * For tests and benches: a permissions service deciding with Slipway's real policy, for users
 * whose groups come from `ownership`. Conditional answers on an environment are resolved with
 * `environmentOf`, as the permission backend would by asking idp-environments.
 */
export function slipwayPolicyPermissions(
  options: {
    ownership?: Record<string, string[]>;
    environmentOf?: (namespace: string) => Environment | undefined;
    membersOf?: (teams: string[]) => string[];
  } = {},
) {
  const ownership = options.ownership ?? SEEDED_OWNERSHIP;
  const policy = new SlipwayPermissionPolicy({
    teams: { membersOf: async teams => options.membersOf?.(teams) ?? [] },
  });
  const isAllowedByConditions = createConditionAuthorizer(Object.values(environmentPermissionRules));
  const decide = (permission: Permission, credentials: BackstageCredentials) => {
    const principal = credentials.principal as {
      type: string;
      userEntityRef?: string;
    };
    if (principal.type !== 'user') return policy.handle({ permission });
    const ref = principal.userEntityRef!;
    const user = {
      info: {
        userEntityRef: ref,
        ownershipEntityRefs: [ref, ...(ownership[ref] ?? [])],
      },
    } as PolicyQueryUser;
    return policy.handle({ permission }, user);
  };
  const permissions: PermissionsService = {
    authorizeConditional: async (requests, { credentials }) => Promise.all(requests.map(r => decide(r.permission, credentials))) as any,
    authorize: async (requests, { credentials }) =>
      Promise.all(
        requests.map(async r => {
          const decision = await decide(r.permission, credentials);
          if (decision.result !== AuthorizeResult.CONDITIONAL) return { result: decision.result };
          const environment = 'resourceRef' in r && r.resourceRef ? options.environmentOf?.(r.resourceRef) : undefined;
          const allowed = environment ? isAllowedByConditions(decision as ConditionalPolicyDecision, environment) : false;
          return {
            result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
          };
        }),
      ) as any,
  };
  return permissions;
}

/** `slipwayPolicyPermissions` as the permissions service of a test backend. */
export function slipwayPolicyPermissionsFactory(options: Parameters<typeof slipwayPolicyPermissions>[0] = {}) {
  return createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory: () => slipwayPolicyPermissions(options),
  });
}
