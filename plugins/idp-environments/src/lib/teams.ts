/** The caller's teams and tiers, read from their ownership refs (catalog group memberships). */
export interface CallerTeams {
  /** Teams the caller belongs to (`group:default/<team>`), without tier groups. */
  teams: string[];
  /** Teams the caller leads (`group:default/<team>-leads`). */
  leads: string[];
  platformAdmin: boolean;
}

const PLATFORM_ADMINS = 'platform-admins';
const LEADS_SUFFIX = '-leads';

export function callerTeams(ownershipEntityRefs: string[]): CallerTeams {
  const groups = ownershipEntityRefs
    .map(ref => /^group:default\/(.+)$/i.exec(ref)?.[1]?.toLowerCase())
    .filter((name): name is string => Boolean(name));
  const leads = groups.filter(g => g.endsWith(LEADS_SUFFIX)).map(g => g.slice(0, -LEADS_SUFFIX.length));
  const teams = groups.filter(g => !g.endsWith(LEADS_SUFFIX) && g !== PLATFORM_ADMINS);
  return {
    teams: [...new Set(teams)].sort(),
    leads: [...new Set(leads)].sort(),
    platformAdmin: groups.includes(PLATFORM_ADMINS),
  };
}

/** Tech leads of the team and platform admins may create production environments and go past the longest TTL. */
export function isLeadOf(caller: CallerTeams, team: string): boolean {
  return caller.platformAdmin || caller.leads.includes(team);
}
