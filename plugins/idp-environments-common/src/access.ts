import { Caller } from './caller';
import { ENVIRONMENT_TYPES, EnvironmentType } from './environmentTypes';
import { EnvironmentAccessRow, EnvironmentClass, Tier, accessRow, environmentClassOf, tierAllows } from './accessTable';

/** The environment types of a class: production alone, or every other type. */
export function typesOfClass(environmentClass: EnvironmentClass): EnvironmentType[] {
  return ENVIRONMENT_TYPES.filter(type => environmentClassOf(type) === environmentClass);
}

/** The tiers a caller holds towards one team: developer (member), lead, platform admin (any team). */
export function tiersOf(caller: Caller, team: string): Tier[] {
  const tiers: Tier[] = [];
  if (caller.teams.includes(team)) tiers.push('developer');
  if (caller.leadOf.includes(team)) tiers.push('lead');
  if (caller.isPlatformAdmin) tiers.push('platformAdmin');
  return tiers;
}

/** Whether the table lets the caller do an action in an environment of `team` and `type`. */
export function mayDo(caller: Caller, action: string | EnvironmentAccessRow, environment: { team: string; type: EnvironmentType | string }): boolean {
  const row = typeof action === 'string' ? accessRow(action) : action;
  const environmentClass = environmentClassOf(environment.type);
  return tiersOf(caller, environment.team).some(tier => tierAllows(row, tier, environmentClass));
}

/**
 * Where the caller may do an action, as the permission policy states it: every environment, or
 * a list of grants (these teams' environments of these types), or nowhere.
 */
export type AccessGrants = { everywhere: true } | { everywhere: false; grants: AccessGrant[] };

/** These teams' (every team's, without `teams`) environments of these types. */
export interface AccessGrant {
  teams?: string[];
  types: EnvironmentType[];
}

export function grantsOf(caller: Caller, action: string | EnvironmentAccessRow): AccessGrants {
  const row = typeof action === 'string' ? accessRow(action) : action;
  const typesFor = (tier: Tier) => (row.allow[tier] ?? []).flatMap(typesOfClass);
  const grants: AccessGrant[] = [];
  if (caller.isPlatformAdmin) {
    const types = typesFor('platformAdmin');
    if (types.length === ENVIRONMENT_TYPES.length) return { everywhere: true };
    if (types.length > 0) grants.push({ types });
  }
  const add = (teams: string[], types: EnvironmentType[]) => {
    if (teams.length === 0 || types.length === 0) return;
    const same = grants.find(g => g.teams && g.types.join() === types.join());
    if (same?.teams) same.teams = [...new Set([...same.teams, ...teams])].sort();
    else grants.push({ teams: [...teams].sort(), types });
  };
  add(caller.teams, typesFor('developer'));
  add(caller.leadOf, typesFor('lead'));
  return { everywhere: false, grants };
}
