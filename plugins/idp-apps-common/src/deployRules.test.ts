import { decideDeploy, deployRefusal, noEnvironmentRefusal } from './deployRules';

const staging = { namespace: 'team-a-staging', team: 'team-a', type: 'staging' as const };
const production = { namespace: 'team-a-prod', team: 'team-a', type: 'production' as const };
const asked = (environment: string) => ({ team: 'team-a', environment });

describe('decideDeploy', () => {
  it('allows an environment the caller sees and may deploy to', () => {
    expect(decideDeploy({ ...asked('staging'), mayRead: true, mayDeploy: true, found: staging })).toEqual({ allowed: true });
  });

  it('refuses an environment the caller may not see exactly as one that does not exist', () => {
    const hidden = decideDeploy({ ...asked('staging'), mayRead: false, mayDeploy: false, found: staging });
    const missing = decideDeploy({ ...asked('staging'), mayRead: true, mayDeploy: true });
    const expected = {
      allowed: false,
      refusal: 'no-environment',
      field: 'environment',
      reason: `team-a has no environment "staging" you can deploy to; choose one of your team's environments`,
    };
    expect(hidden).toEqual(expected);
    expect(missing).toEqual(expected);
    // What the permission framework said about deploying does not leak through a hidden environment.
    expect(decideDeploy({ ...asked('staging'), mayRead: false, mayDeploy: true, found: staging })).toEqual(expected);
  });

  it('refuses an environment still being created until it is ready, but a hidden one stays hidden', () => {
    expect(decideDeploy({ ...asked('staging'), mayRead: true, mayDeploy: true, found: { ...staging, phase: 'Provisioning' } })).toEqual({
      allowed: false,
      refusal: 'not-ready',
      field: 'environment',
      reason: 'team-a-staging is still being created; deploy to it once it is ready (usually seconds)',
    });
    expect(decideDeploy({ ...asked('staging'), mayRead: false, mayDeploy: false, found: { ...staging, phase: 'Provisioning' } })).toMatchObject({ refusal: 'no-environment' });
  });

  it('refuses production with the way to get there: a tech lead’s approval', () => {
    expect(decideDeploy({ ...asked('prod'), mayRead: true, mayDeploy: false, found: production })).toEqual({
      allowed: false,
      refusal: 'production',
      field: 'environment',
      reason: `team-a-prod is production: deploys there go through a tech lead's approval, not this form`,
    });
  });

  it('refuses a visible non-production environment the policy closes, naming who deploys there', () => {
    expect(decideDeploy({ ...asked('staging'), mayRead: true, mayDeploy: false, found: staging })).toEqual({
      allowed: false,
      refusal: 'not-allowed',
      field: 'environment',
      reason: 'You may not deploy to team-a-staging: only members of team-a (and platform admins) deploy there',
    });
  });
});

describe('the refusals’ wordings', () => {
  it('has one wording per refusal kind, the same whichever edge asks', () => {
    expect(noEnvironmentRefusal('team-b', 'dev')).toBe(`team-b has no environment "dev" you can deploy to; choose one of your team's environments`);
    expect(deployRefusal(production)).toBe(`team-a-prod is production: deploys there go through a tech lead's approval, not this form`);
    expect(deployRefusal(staging)).toBe('You may not deploy to team-a-staging: only members of team-a (and platform admins) deploy there');
  });

  it('decideDeploy words each refusal kind with that one wording', () => {
    const reasons = [
      decideDeploy({ ...asked('x'), mayRead: false, mayDeploy: false }),
      decideDeploy({ ...asked('prod'), mayRead: true, mayDeploy: false, found: production }),
      decideDeploy({ ...asked('staging'), mayRead: true, mayDeploy: false, found: staging }),
    ].map(decision => (decision.allowed ? '' : decision.reason));
    expect(reasons).toEqual([noEnvironmentRefusal('team-a', 'x'), deployRefusal(production), deployRefusal(staging)]);
  });
});
