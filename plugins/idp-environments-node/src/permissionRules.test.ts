import { environmentConditions, isEnvironmentOfTeams, isEnvironmentOfTypes } from './permissionRules';

const environment = (team: string) =>
  ({ team, name: 'dev', namespace: `${team}-dev`, type: 'development', owner: 'user:default/alice', createdAt: '2026-01-01T00:00:00Z', protected: false, phase: 'Active' }) as const;

describe('isEnvironmentOfTeams', () => {
  it('allows environments of the listed teams only', () => {
    expect(isEnvironmentOfTeams.apply(environment('team-a'), { teams: ['team-a'] })).toBe(true);
    expect(isEnvironmentOfTeams.apply(environment('team-a'), { teams: ['team-b'] })).toBe(false);
    expect(isEnvironmentOfTeams.apply(environment('team-a'), { teams: [] })).toBe(false);
  });

  it('builds conditions a policy can return', () => {
    expect(environmentConditions.isEnvironmentOfTeams({ teams: ['team-b'] })).toEqual({
      resourceType: 'slipway-environment',
      rule: 'IS_ENVIRONMENT_OF_TEAMS',
      params: { teams: ['team-b'] },
    });
  });
});

describe('isEnvironmentOfTypes', () => {
  it('allows environments of the listed types only', () => {
    expect(isEnvironmentOfTypes.apply(environment('team-a'), { types: ['development', 'staging'] })).toBe(true);
    expect(isEnvironmentOfTypes.apply({ ...environment('team-a'), type: 'production' }, { types: ['development', 'staging'] })).toBe(false);
  });
});
