import { callerFromIdentity, DEFAULT_ENVIRONMENT_TYPES } from '@internal/plugin-idp-environments-common';
import { decideScale, ScaleRequest } from './scaleRules';

const alice = callerFromIdentity('user:default/alice', ['user:default/alice', 'group:default/team-a']);
const bob = callerFromIdentity('user:default/bob', ['user:default/bob', 'group:default/team-a', 'group:default/team-a-leads']);
const carol = callerFromIdentity('user:default/carol', ['user:default/carol', 'group:default/team-b']);
const erin = callerFromIdentity('user:default/erin', ['user:default/erin', 'group:default/platform-admins']);

const request = (overrides: Partial<ScaleRequest> = {}): ScaleRequest => ({
  caller: alice,
  workload: 'web',
  team: 'team-a',
  environmentType: 'staging',
  settings: DEFAULT_ENVIRONMENT_TYPES.staging,
  replicas: 5,
  ...overrides,
});

describe('decideScale', () => {
  it('lets a member scale within the quota, to 0 outside production', () => {
    expect(decideScale(request())).toEqual({ allowed: true });
    expect(decideScale(request({ replicas: 0 }))).toEqual({ allowed: true });
  });

  it('refuses members of other teams, but not platform admins', () => {
    expect(decideScale(request({ caller: carol }))).toEqual({ allowed: false, reason: 'You are not a member of team-a; only its members can scale web' });
    expect(decideScale(request({ caller: erin }))).toEqual({ allowed: true });
  });

  it.each([-1, 1.5, Number.NaN])('refuses %p replicas', replicas => {
    expect(decideScale(request({ replicas }))).toEqual({ allowed: false, field: 'replicas', reason: 'Give a whole number of replicas, 0 or more' });
  });

  it('says the autoscaler owns the replicas, between which numbers, and how to change them', () => {
    expect(decideScale(request({ hpa: { minReplicas: 3, maxReplicas: 20 } }))).toEqual({
      allowed: false,
      field: 'replicas',
      reason:
        'web is scaled by its autoscaler, between 3 and 20 replicas as load changes; to change that range, set autoscaling.minReplicas and maxReplicas in the app spec (or turn autoscaling off) and deploy again',
    });
  });

  it('keeps within the type’s pod quota, counting the other workloads', () => {
    expect(decideScale(request({ replicas: 41 }))).toEqual({
      allowed: false,
      field: 'replicas',
      reason: 'A staging environment holds at most 40 pods; use at most 40 replicas, scale something else down, or ask for a bigger environment type',
    });
    expect(decideScale(request({ replicas: 40 }))).toEqual({ allowed: true });
    expect(decideScale(request({ replicas: 10, otherPods: 35 }))).toEqual({
      allowed: false,
      field: 'replicas',
      reason:
        'A staging environment holds at most 40 pods and its other workloads run 35; use at most 5 replicas, scale something else down, or ask for a bigger environment type',
    });
  });

  it('lets only tech leads scale production below the minimum', () => {
    const production = { environmentType: 'production' as const, settings: DEFAULT_ENVIRONMENT_TYPES.production };
    expect(decideScale(request({ ...production, replicas: 1 }))).toEqual({
      allowed: false,
      field: 'replicas',
      reason: 'Production workloads keep at least 3 replicas; only tech leads of team-a can scale web below that, so ask one',
    });
    expect(decideScale(request({ ...production, replicas: 0, caller: bob }))).toEqual({ allowed: true });
    expect(decideScale(request({ ...production, replicas: 10 }))).toEqual({ allowed: true });
    expect(decideScale(request({ ...production, replicas: 2, productionMinReplicas: 2 }))).toEqual({ allowed: true });
  });
});
