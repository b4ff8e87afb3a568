import { callerFromIdentity } from './caller';
import { Environment } from './environment';
import { DEFAULT_ENVIRONMENT_TYPES } from './environmentTypes';
import {
  clonedQuotaOverride,
  computeExpiresAt,
  currentQuota,
  decideClone,
  decideCreate,
  decideDelete,
  decideExtend,
  decideQuotaChange,
  decideTtl,
  developerMaxTtlDays,
  leadMaxTtlDays,
  quotaChangeProblems,
} from './rules';

const caller = (user: string, ...groups: string[]) => callerFromIdentity(`user:default/${user}`, groups.map(g => `group:default/${g}`));
const alice = caller('alice', 'team-a');
const bob = caller('bob', 'team-a', 'team-a-leads');
const carol = caller('carol', 'team-b');
const erin = caller('erin', 'platform', 'platform-admins');
const nobody = caller('zed');

const { development, staging, production } = DEFAULT_ENVIRONMENT_TYPES;

const env = (overrides: Partial<Environment> = {}): Environment => ({
  team: 'team-a',
  name: 'dev',
  namespace: 'team-a-dev',
  type: 'development',
  owner: 'user:default/alice',
  createdAt: '2026-11-01T00:00:00.000Z',
  expiresAt: '2026-11-08T00:00:00.000Z',
  protected: false,
  phase: 'Active',
  ...overrides,
});

describe('decideCreate', () => {
  const dev = { team: 'team-a', name: 'dev', type: 'development' as const };

  it('lets a member create a development environment of their team', () => {
    expect(decideCreate(alice, dev, development)).toEqual({ allowed: true });
    expect(decideCreate(alice, { ...dev, ttlDays: 30 }, development)).toEqual({ allowed: true });
  });

  it('lets only tech leads and platform admins protect an environment', () => {
    expect(decideCreate(alice, { ...dev, protected: true }, development)).toEqual({
      allowed: false,
      field: 'protected',
      reason: 'Only tech leads of team-a or platform admins can protect an environment; leave it unprotected or ask a tech lead',
    });
    expect(decideCreate(bob, { ...dev, protected: true }, development)).toEqual({ allowed: true });
  });

  it('refuses another team, naming the caller’s own teams', () => {
    expect(decideCreate(carol, dev, development)).toEqual({
      allowed: false,
      reason: 'You are not a member of team-a; ask a tech lead of team-a to add you, or choose one of your teams (team-b)',
    });
    expect(decideCreate(nobody, dev, development)).toMatchObject({ allowed: false, reason: expect.stringMatching(/you are not in any team yet/) });
  });

  it('lets only leads and admins create production', () => {
    const prod = { team: 'team-a', name: 'prod', type: 'production' as const };
    expect(decideCreate(alice, prod, production)).toEqual({
      allowed: false,
      reason: 'Only tech leads of team-a and platform admins can create production environments; ask a tech lead of team-a',
    });
    expect(decideCreate(bob, prod, production)).toEqual({ allowed: true });
    expect(decideCreate(erin, prod, production)).toEqual({ allowed: true });
  });

  it('refuses a TTL on production, which never expires', () => {
    expect(decideCreate(bob, { team: 'team-a', name: 'prod', type: 'production', ttlDays: 7 }, production)).toEqual({
      allowed: false,
      field: 'ttlDays',
      reason: 'production environments never expire; remove ttlDays',
    });
  });

  it('caps a developer at the type’s maximum TTL and lets leads and admins go beyond, to a bound of their own', () => {
    expect(decideCreate(alice, { ...dev, ttlDays: 31 }, development)).toEqual({
      allowed: false,
      field: 'ttlDays',
      reason: 'Use at most 30 days for a development environment, or ask a tech lead of team-a to extend it further',
    });
    expect(decideCreate(bob, { ...dev, ttlDays: 90 }, development)).toEqual({ allowed: true });
    expect(decideCreate(erin, { ...dev, ttlDays: 90 }, development)).toEqual({ allowed: true });
    for (const lead of [bob, erin]) {
      expect(decideCreate(lead, { ...dev, ttlDays: 91 }, development)).toEqual({
        allowed: false,
        field: 'ttlDays',
        reason: 'Use at most 90 days for a development environment; extend it again later, or ask a tech lead to mark it protected',
      });
    }
  });

  it('bounds every tier even without a configured lead maximum', () => {
    expect(decideCreate(erin, { ...dev, ttlDays: 366 }, { ...development, leadMaxTtlDays: undefined })).toMatchObject({ allowed: false, field: 'ttlDays' });
    expect(decideCreate(erin, { ...dev, ttlDays: 365 }, { ...development, leadMaxTtlDays: undefined })).toEqual({ allowed: true });
  });

  it('uses the default TTL as the cap when no maximum is configured', () => {
    expect(decideCreate(alice, { ...dev, ttlDays: 8 }, { ...development, maxTtlDays: undefined })).toMatchObject({ allowed: false, field: 'ttlDays' });
  });

  it('refuses a name whose namespace would not fit in 63 characters', () => {
    const team = 't'.repeat(30);
    const decision = decideCreate(erin, { team, name: 'n'.repeat(40), type: 'development' }, development);
    expect(decision).toEqual({
      allowed: false,
      field: 'name',
      reason: `The namespace ${team}-${'n'.repeat(40)} would be 71 characters, Kubernetes allows 63; use at most 32 characters`,
    });
  });
});

describe('decideClone', () => {
  const request = { sourceNamespace: 'team-a-dev', name: 'dev2', type: 'development' as const };

  it('lets a member clone into their team', () => {
    expect(decideClone(alice, env(), request, development)).toEqual({ allowed: true });
  });

  it('refuses a caller outside the source’s team', () => {
    expect(decideClone(carol, env(), request, development)).toMatchObject({ allowed: false, reason: expect.stringMatching(/not a member of team-a/) });
  });

  it('refuses a source being deleted', () => {
    expect(decideClone(alice, env({ phase: 'Terminating' }), request, development)).toEqual({
      allowed: false,
      field: 'sourceNamespace',
      reason: 'team-a-dev is being deleted; clone another environment',
    });
  });

  it('refuses a source still being created', () => {
    expect(decideClone(alice, env({ phase: 'Provisioning' }), request, development)).toEqual({
      allowed: false,
      field: 'sourceNamespace',
      reason: 'team-a-dev is still being created; clone it once it is ready',
    });
  });

  it('applies the create rules to the target type', () => {
    expect(decideClone(alice, env(), { ...request, type: 'production' }, production)).toMatchObject({ allowed: false, reason: expect.stringMatching(/Only tech leads/) });
    expect(decideClone(alice, env(), { ...request, type: 'staging', ttlDays: 91 }, staging)).toMatchObject({ allowed: false, field: 'ttlDays' });
    expect(decideClone(bob, env(), { ...request, type: 'production' }, production)).toEqual({ allowed: true });
  });
});

describe('decideExtend', () => {
  it('lets a member extend within the maximum', () => {
    expect(decideExtend(alice, env(), 30, development)).toEqual({ allowed: true });
  });

  it('sends a developer past the maximum to a tech lead', () => {
    expect(decideExtend(alice, env(), 45, development)).toEqual({
      allowed: false,
      field: 'ttlDays',
      reason: 'Use at most 30 days for a development environment, or ask a tech lead of team-a to extend it further',
    });
    expect(decideExtend(bob, env(), 45, development)).toEqual({ allowed: true });
    expect(decideExtend(erin, env(), 45, development)).toEqual({ allowed: true });
  });

  it('refuses production, which has no TTL', () => {
    expect(decideExtend(bob, env({ type: 'production', namespace: 'team-a-prod', expiresAt: undefined }), 7, production)).toEqual({
      allowed: false,
      field: 'ttlDays',
      reason: 'team-a-prod is a production environment and never expires; there is nothing to extend',
    });
  });

  it('refuses other teams and environments being deleted', () => {
    expect(decideExtend(carol, env(), 1, development)).toMatchObject({ allowed: false });
    expect(decideExtend(alice, env({ phase: 'Terminating' }), 1, development)).toEqual({
      allowed: false,
      reason: 'team-a-dev is being deleted and can no longer be extended',
    });
    expect(decideExtend(alice, env({ phase: 'Provisioning' }), 1, development)).toEqual({
      allowed: false,
      reason: 'team-a-dev is still being created; extend it once it is ready',
    });
  });
});

describe('decideDelete', () => {
  it('lets a member delete once the namespace is typed', () => {
    expect(decideDelete(alice, env(), 'team-a-dev')).toEqual({ allowed: true });
  });

  it('asks for the namespace as confirmation', () => {
    expect(decideDelete(alice, env(), 'dev')).toEqual({ allowed: false, field: 'confirm', reason: 'Type team-a-dev to confirm the deletion' });
  });

  it('refuses other teams', () => {
    expect(decideDelete(carol, env(), 'team-a-dev')).toMatchObject({ allowed: false, reason: expect.stringMatching(/not a member of team-a/) });
  });

  it('lets only platform admins delete production', () => {
    const prod = env({ type: 'production', name: 'prod', namespace: 'team-a-prod', expiresAt: undefined });
    expect(decideDelete(bob, prod, 'team-a-prod')).toEqual({
      allowed: false,
      reason: 'Only platform admins can delete production environments; ask a platform admin to delete team-a-prod',
    });
    expect(decideDelete(erin, prod, 'team-a-prod')).toEqual({ allowed: true });
    expect(decideDelete(erin, prod, 'nope')).toMatchObject({ allowed: false, field: 'confirm' });
  });
});

describe('TTL limits', () => {
  it('bounds a developer by the type’s maximum, else its default TTL', () => {
    expect(developerMaxTtlDays(development)).toBe(30);
    expect(developerMaxTtlDays({ ...development, maxTtlDays: undefined })).toBe(7);
    expect(developerMaxTtlDays(production)).toBeUndefined();
  });

  it('bounds leads and admins by their own maximum, else MAX_TTL_DAYS', () => {
    expect(leadMaxTtlDays(development)).toBe(90);
    expect(leadMaxTtlDays({ ...development, leadMaxTtlDays: undefined })).toBe(365);
  });

  it('decides a TTL alone, as the form checks it while the user types', () => {
    expect(decideTtl(alice, 'team-a', 'development', development, 30)).toEqual({ allowed: true });
    expect(decideTtl(alice, 'team-a', 'development', development, 31)).toMatchObject({ allowed: false, field: 'ttlDays', reason: expect.stringMatching(/^Use at most 30 days/) });
    expect(decideTtl(bob, 'team-a', 'development', development, 31)).toEqual({ allowed: true });
    expect(decideTtl(bob, 'team-b', 'development', development, 31)).toMatchObject({ allowed: false });
    expect(decideTtl(alice, 'team-a', 'production', production, undefined)).toEqual({ allowed: true });
  });
});

describe('computeExpiresAt', () => {
  const createdAt = new Date('2026-11-01T12:00:00.000Z');

  it('adds the type’s default TTL', () => {
    expect(computeExpiresAt(createdAt, development)).toBe('2026-11-08T12:00:00.000Z');
  });

  it('adds a requested TTL', () => {
    expect(computeExpiresAt(createdAt, development, 1)).toBe('2026-11-02T12:00:00.000Z');
  });

  it('is undefined for types that never expire', () => {
    expect(computeExpiresAt(createdAt, production)).toBeUndefined();
    expect(computeExpiresAt(createdAt, production, 3)).toBeUndefined();
  });
});

describe('decideQuotaChange', () => {
  // development: quota 4 / 8Gi / 20 pods, maximum 16 / 32Gi / 80 pods.
  it('lets tech leads of the team and platform admins change it, in every class', () => {
    expect(decideQuotaChange(bob, env(), { cpu: '8', memory: '16Gi', pods: 40 }, development)).toEqual({ allowed: true });
    expect(decideQuotaChange(bob, env({ type: 'production', namespace: 'team-a-prod' }), { cpu: '64' }, production)).toEqual({ allowed: true });
    expect(decideQuotaChange(erin, env(), { pods: 80 }, development)).toEqual({ allowed: true });
  });

  it('refuses developers, and other teams as non-members', () => {
    expect(decideQuotaChange(alice, env(), { cpu: '8' }, development)).toEqual({
      allowed: false,
      reason: 'Only tech leads of team-a and platform admins can change the quota of team-a-dev; ask a tech lead of team-a',
    });
    expect(decideQuotaChange(carol, env(), { cpu: '8' }, development)).toMatchObject({ allowed: false, reason: expect.stringMatching(/^You are not a member of team-a/) });
  });

  it('holds everyone, platform admins too, to the type’s maximum, naming the field and the limit', () => {
    expect(decideQuotaChange(erin, env(), { cpu: '16001m' }, development)).toEqual({
      allowed: false,
      field: 'cpu',
      reason: 'Use at most 16 for cpu (the maximum the platform team set for this environment type), or ask a platform admin to raise it',
    });
    expect(decideQuotaChange(bob, env(), { memory: '33Gi' }, development)).toMatchObject({ field: 'memory', reason: expect.stringMatching(/^Use at most 32Gi for memory/) });
    expect(decideQuotaChange(bob, env(), { pods: 81 }, development)).toMatchObject({ field: 'pods', reason: expect.stringMatching(/^Use at most 80 for pods/) });
    expect(decideQuotaChange(bob, env(), { cpu: '16', memory: '34359738368', pods: 80 }, development)).toEqual({ allowed: true });
    expect(decideQuotaChange(bob, env(), { cpu: '20' }, { ...development, maxQuota: { cpu: '20', memory: '8Gi', pods: 20 } })).toEqual({ allowed: true });
  });

  it('refuses what is not a quantity or a positive whole number, and an empty change', () => {
    expect(decideQuotaChange(bob, env(), { cpu: 'lots' }, development)).toEqual({ allowed: false, field: 'cpu', reason: 'Give cpu as a Kubernetes quantity above 0, e.g. 8 or 1500m' });
    expect(decideQuotaChange(bob, env(), { memory: '0' }, development)).toMatchObject({ field: 'memory' });
    expect(decideQuotaChange(bob, env(), { pods: 2.5 }, development)).toEqual({ allowed: false, field: 'pods', reason: 'Give pods as a whole number above 0, e.g. 40' });
    expect(decideQuotaChange(bob, env(), {}, development)).toEqual({ allowed: false, field: 'body', reason: 'Give at least one of cpu, memory and pods' });
  });

  it('allows lowering below the type’s quota (running pods keep running)', () => {
    expect(decideQuotaChange(bob, env(), { cpu: '100m', memory: '64Mi', pods: 1 }, development)).toEqual({ allowed: true });
  });

  it('refuses an environment being deleted', () => {
    expect(decideQuotaChange(bob, env({ phase: 'Terminating' }), { cpu: '8' }, development)).toMatchObject({ allowed: false, reason: 'team-a-dev is being deleted; its quota can no longer change' });
    expect(decideQuotaChange(bob, env({ phase: 'Provisioning' }), { cpu: '8' }, development)).toMatchObject({ allowed: false, reason: 'team-a-dev is still being created; change its quota once it is ready' });
  });

  it('lists every field’s problem for the form', () => {
    expect(quotaChangeProblems({ cpu: '17', memory: 'x', pods: 80 }, development).map(p => p.field)).toEqual(['cpu', 'memory']);
  });
});

describe('the quota an environment has', () => {
  const own = { cpu: '12', memory: '24Gi', pods: 60 };

  it('is the team’s own when set, the type’s otherwise', () => {
    expect(currentQuota(env({ quotaOverride: own }), development)).toEqual(own);
    expect(currentQuota(env(), development)).toEqual(development.quota);
  });

  it('goes with a clone only when the target type allows it', () => {
    expect(clonedQuotaOverride(env({ quotaOverride: own }), staging)).toEqual(own);
    expect(clonedQuotaOverride(env({ quotaOverride: own }), DEFAULT_ENVIRONMENT_TYPES.preview)).toBeUndefined();
    expect(clonedQuotaOverride(env(), staging)).toBeUndefined();
  });
});
