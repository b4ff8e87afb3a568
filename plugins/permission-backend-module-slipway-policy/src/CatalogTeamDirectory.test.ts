import { CatalogService } from '@backstage/plugin-catalog-node';
import { CatalogTeamDirectory } from './CatalogTeamDirectory';

/** A catalog that answers every query with one user and counts the queries. */
function countingCatalog() {
  const asked: string[][] = [];
  const catalog = {
    async getEntities(request: { filter: { 'relations.memberOf': string[] } }) {
      asked.push(request.filter['relations.memberOf']);
      return { items: [{ kind: 'User', metadata: { name: 'alice', namespace: 'default' } }] };
    },
  } as unknown as CatalogService;
  const auth = { getOwnServiceCredentials: async () => ({ $$type: '@backstage/BackstageCredentials', principal: { type: 'service', subject: 'plugin:permission' } }) } as any;
  return { catalog, auth, asked };
}

describe('CatalogTeamDirectory', () => {
  it('answers the same teams from memory for 30 s, then asks the catalog again', async () => {
    let now = 0;
    const { catalog, auth, asked } = countingCatalog();
    const directory = new CatalogTeamDirectory({ catalog, auth, now: () => now });
    expect(await directory.membersOf(['team-a'])).toEqual(['user:default/alice']);
    await directory.membersOf(['team-a']);
    expect(asked).toHaveLength(1);
    now = 30_001;
    await directory.membersOf(['team-a']);
    expect(asked).toHaveLength(2);
  });

  it('remembers at most 1,000 sets of teams, forgetting the oldest first', async () => {
    const { catalog, auth, asked } = countingCatalog();
    const directory = new CatalogTeamDirectory({ catalog, auth, now: () => 0 });
    for (let i = 0; i <= 1_000; i++) await directory.membersOf([`team-${i}`]);
    expect(asked).toHaveLength(1_001);
    await directory.membersOf(['team-1000']);
    expect(asked).toHaveLength(1_001);
    // team-0 was the oldest and was forgotten when the 1,001st arrived.
    await directory.membersOf(['team-0']);
    expect(asked).toHaveLength(1_002);
  });
});
