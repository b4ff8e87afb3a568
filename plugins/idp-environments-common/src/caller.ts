/** The group every platform admin belongs to (catalog/org.yaml). */
export const PLATFORM_ADMINS_GROUP = 'platform-admins';
/** Suffix of a team's tech-lead group: `team-a-leads` leads `team-a`. */
export const LEADS_GROUP_SUFFIX = '-leads';

/** Who is asking, in the tiers of PRODUCT.md; built from Backstage ownership refs. */
export interface Caller {
  userEntityRef: string;
  /** Plain user name, e.g. 'alice'; the Kubernetes user Slipway impersonates. */
  user: string;
  teams: string[];
  leadOf: string[];
  isPlatformAdmin: boolean;
  /** Plain group names for Kubernetes impersonation, sorted. */
  groups: string[];
}

/** Splits 'kind:namespace/name' (namespace and kind optional) without pulling in catalog-model. */
function parseRef(ref: string): { kind?: string; name: string } {
  const colon = ref.indexOf(':');
  const kind = colon >= 0 ? ref.slice(0, colon).toLocaleLowerCase('en-US') : undefined;
  const rest = colon >= 0 ? ref.slice(colon + 1) : ref;
  const name = rest.slice(rest.lastIndexOf('/') + 1);
  return { kind, name: name.toLocaleLowerCase('en-US') };
}

const unique = (values: string[]) => [...new Set(values)].sort();

/**
 * The caller's tiers from their ownership refs: `group:default/team-a` makes a member of team-a,
 * `group:default/team-a-leads` a tech lead (and member) of team-a, `group:default/platform-admins`
 * a platform admin. Refs of other kinds are ignored.
 */
export function callerFromIdentity(userEntityRef: string, ownershipEntityRefs: string[]): Caller {
  const groups = unique(
    ownershipEntityRefs
      .map(parseRef)
      .filter(ref => ref.kind === 'group' && ref.name)
      .map(ref => ref.name),
  );
  const leadOf = unique(
    groups.filter(g => g.endsWith(LEADS_GROUP_SUFFIX) && g.length > LEADS_GROUP_SUFFIX.length).map(g => g.slice(0, -LEADS_GROUP_SUFFIX.length)),
  );
  const teams = unique([...groups.filter(g => g !== PLATFORM_ADMINS_GROUP && !g.endsWith(LEADS_GROUP_SUFFIX)), ...leadOf]);
  return {
    userEntityRef,
    user: parseRef(userEntityRef).name,
    teams,
    leadOf,
    isPlatformAdmin: groups.includes(PLATFORM_ADMINS_GROUP),
    groups,
  };
}

/** Members of a team act on its environments; platform admins on everyone's. */
export function canActOnTeam(caller: Caller, team: string): boolean {
  return caller.isPlatformAdmin || caller.teams.includes(team);
}

/** Tech leads of a team (and platform admins) may go beyond a developer's limits. */
export function isLeadOf(caller: Caller, team: string): boolean {
  return caller.isPlatformAdmin || caller.leadOf.includes(team);
}
