import { AuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { LEADS_GROUP_SUFFIX } from '@internal/plugin-idp-environments-common';
import { TeamDirectory } from './SlipwayPermissionPolicy';

const TTL_MS = 30_000;
/** Sets of teams remembered at once (a lead asks about their own few): the oldest is forgotten first. */
const MAX_ENTRIES = 1_000;

/**
 * Team membership from the catalog's organisation (users' memberOf relations), remembered for
 * 30 s: a tech lead's task list asks on every page load.
 */
export class CatalogTeamDirectory implements TeamDirectory {
  private readonly cache = new Map<string, { until: number; members: Promise<string[]> }>();

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      now?: () => number;
    },
  ) {}

  async membersOf(teams: string[]): Promise<string[]> {
    const key = [...teams].sort().join(',');
    const now = (this.deps.now ?? Date.now)();
    const cached = this.cache.get(key);
    if (cached && cached.until > now) return cached.members;
    const members = this.load(teams);
    this.cache.delete(key);
    this.cache.set(key, { until: now + TTL_MS, members });
    if (this.cache.size > MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    // A failed lookup is not remembered: the next question asks the catalog again.
    members.catch(() => this.cache.delete(key));
    return members;
  }

  private async load(teams: string[]): Promise<string[]> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const groups = teams.flatMap(team => [`group:default/${team}`, `group:default/${team}${LEADS_GROUP_SUFFIX}`]);
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: { kind: 'User', 'relations.memberOf': groups },
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
      },
      { credentials },
    );
    return items.map(entity => stringifyEntityRef(entity)).sort();
  }
}
