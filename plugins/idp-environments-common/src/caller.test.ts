import { callerFromIdentity, canActOnTeam, isLeadOf } from './caller';

const refs = (user: string, ...groups: string[]) => [`user:default/${user}`, ...groups.map(g => `group:default/${g}`)];

describe('callerFromIdentity', () => {
  it('makes a developer a member of their team only', () => {
    expect(callerFromIdentity('user:default/alice', refs('alice', 'team-a'))).toEqual({
      userEntityRef: 'user:default/alice',
      user: 'alice',
      teams: ['team-a'],
      leadOf: [],
      isPlatformAdmin: false,
      groups: ['team-a'],
    });
  });

  it('makes a tech lead a lead and member of their team', () => {
    const bob = callerFromIdentity('user:default/bob', refs('bob', 'team-a-leads', 'team-a'));
    expect(bob).toMatchObject({ user: 'bob', teams: ['team-a'], leadOf: ['team-a'], isPlatformAdmin: false, groups: ['team-a', 'team-a-leads'] });
  });

  it('counts a lead as a team member even without the team group itself', () => {
    expect(callerFromIdentity('user:default/bob', refs('bob', 'team-a-leads')).teams).toEqual(['team-a']);
  });

  it('recognises platform admins; the platform group is a team', () => {
    const erin = callerFromIdentity('user:default/erin', refs('erin', 'platform', 'platform-admins'));
    expect(erin).toMatchObject({ teams: ['platform'], leadOf: [], isPlatformAdmin: true, groups: ['platform', 'platform-admins'] });
  });

  it('ignores refs that are not groups, and tolerates other namespaces and case', () => {
    const caller = callerFromIdentity('user:default/alice', ['user:default/alice', 'component:default/shop', 'Group:other/Team-B', 'group:team-a']);
    expect(caller.groups).toEqual(['team-a', 'team-b']);
  });

  it('has no team without groups', () => {
    expect(callerFromIdentity('user:default/zed', ['user:default/zed'])).toMatchObject({ teams: [], leadOf: [], isPlatformAdmin: false, groups: [] });
  });
});

describe('tiers', () => {
  const alice = callerFromIdentity('user:default/alice', refs('alice', 'team-a'));
  const bob = callerFromIdentity('user:default/bob', refs('bob', 'team-a', 'team-a-leads'));
  const erin = callerFromIdentity('user:default/erin', refs('erin', 'platform', 'platform-admins'));

  it('lets members act on their own team only', () => {
    expect(canActOnTeam(alice, 'team-a')).toBe(true);
    expect(canActOnTeam(alice, 'team-b')).toBe(false);
    expect(canActOnTeam(erin, 'team-b')).toBe(true);
  });

  it('knows leads of a team', () => {
    expect(isLeadOf(alice, 'team-a')).toBe(false);
    expect(isLeadOf(bob, 'team-a')).toBe(true);
    expect(isLeadOf(bob, 'team-b')).toBe(false);
    expect(isLeadOf(erin, 'team-b')).toBe(true);
  });
});
