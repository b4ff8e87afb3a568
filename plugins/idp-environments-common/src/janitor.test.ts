import { Environment } from './environment';
import { INACTIVITY_LIMIT_DAYS, planCleanup } from './janitor';

const now = new Date('2026-11-25T10:00:00.000Z');

const env = (name: string, overrides: Partial<Environment> = {}): Environment => ({
  team: 'team-a',
  name,
  namespace: `team-a-${name}`,
  type: 'development',
  owner: 'user:default/alice',
  createdAt: '2026-11-20T10:00:00.000Z',
  expiresAt: '2026-11-27T10:00:00.000Z',
  lastActivityAt: '2026-11-24T10:00:00.000Z',
  protected: false,
  phase: 'Active',
  ...overrides,
});

const planOf = (environment: Environment, options?: Parameters<typeof planCleanup>[2]) => {
  const [item] = planCleanup([environment], now, options);
  return { action: item.action, reason: item.reason };
};

describe('planCleanup', () => {
  it('deletes an expired development environment', () => {
    expect(planOf(env('old', { expiresAt: '2026-11-25T09:00:00.000Z' }))).toEqual({
      action: 'delete',
      reason: 'Deleting team-a-old: it expires at 2026-11-25T09:00:00.000Z',
    });
  });

  it('deletes at the exact expiry', () => {
    expect(planOf(env('edge', { expiresAt: now.toISOString() })).action).toBe('delete');
  });

  it('never touches production, even when it looks expired or idle', () => {
    const prod = env('prod', { type: 'production', expiresAt: '2020-01-01T00:00:00.000Z', lastActivityAt: '2020-01-01T00:00:00.000Z' });
    expect(planOf(prod)).toEqual({ action: 'keep', reason: 'Production environments are never removed automatically' });
  });

  it('never touches protected environments', () => {
    expect(planOf(env('keep', { protected: true, expiresAt: '2020-01-01T00:00:00.000Z' }))).toEqual({
      action: 'keep',
      reason: 'team-a-keep is protected; the janitor never removes it',
    });
  });

  it('deletes environments inactive for more than 30 days', () => {
    expect(INACTIVITY_LIMIT_DAYS).toBe(30);
    const idle = env('idle', { expiresAt: '2027-06-01T00:00:00.000Z', lastActivityAt: '2026-10-20T10:00:00.000Z' });
    expect(planOf(idle)).toEqual({
      action: 'delete',
      reason: 'Deleting team-a-idle: it has had no activity since 2026-10-20T10:00:00.000Z (limit 30 days)',
    });
  });

  it('falls back to the creation time when no activity was recorded', () => {
    const idle = env('idle', { expiresAt: undefined, lastActivityAt: undefined, createdAt: '2026-10-01T00:00:00.000Z' });
    expect(planOf(idle).action).toBe('delete');
  });

  it('honours a configured inactivity limit', () => {
    const quiet = env('quiet', { expiresAt: undefined, lastActivityAt: '2026-11-20T10:00:00.000Z' });
    expect(planOf(quiet).action).toBe('keep');
    expect(planOf(quiet, { inactivityDays: 5 }).action).toBe('delete');
  });

  it('notifies when deletion is within the next 24 hours', () => {
    expect(planOf(env('soon', { expiresAt: '2026-11-26T09:00:00.000Z' }))).toEqual({
      action: 'notify',
      reason: 'team-a-soon will be deleted at 2026-11-26T09:00:00.000Z because it expires at 2026-11-26T09:00:00.000Z; extend it to keep it',
    });
    expect(planOf(env('later', { expiresAt: '2026-11-26T11:00:00.000Z' })).action).toBe('keep');
    expect(planOf(env('later', { expiresAt: '2026-11-26T11:00:00.000Z' }), { notifyBeforeHours: 48 }).action).toBe('notify');
  });

  it('notifies before inactivity removal too', () => {
    const idle = env('idle', { expiresAt: undefined, lastActivityAt: '2026-10-26T20:00:00.000Z' });
    expect(planOf(idle)).toMatchObject({ action: 'notify', reason: expect.stringMatching(/no activity since 2026-10-26T20:00:00.000Z/) });
  });

  it('keeps an active environment, saying until when', () => {
    expect(planOf(env('fine'))).toEqual({ action: 'keep', reason: 'team-a-fine is kept until 2026-11-27T10:00:00.000Z' });
  });

  it('keeps environments already being deleted', () => {
    expect(planOf(env('going', { phase: 'Terminating', expiresAt: '2020-01-01T00:00:00.000Z' })).action).toBe('keep');
  });

  it('keeps an environment whose dates cannot be read', () => {
    expect(planOf(env('odd', { expiresAt: 'soon', lastActivityAt: 'never', createdAt: 'once' })).action).toBe('keep');
  });

  it('plans every environment, in input order', () => {
    const plan = planCleanup([env('a'), env('b', { expiresAt: '2026-01-01T00:00:00.000Z' }), env('c', { type: 'production' })], now);
    expect(plan.map(p => [p.environment.name, p.action])).toEqual([
      ['a', 'keep'],
      ['b', 'delete'],
      ['c', 'keep'],
    ]);
  });

  it('removes an environment whose create was abandoned, and keeps one still being created', () => {
    expect(planOf(env('half', { phase: 'Provisioning', provisioningSince: '2026-11-25T09:45:00.000Z' }))).toEqual({
      action: 'delete',
      reason: 'Deleting team-a-half: its create was interrupted at 2026-11-25T09:45:00.000Z and nobody finished it within 10 minutes',
    });
    expect(planOf(env('making', { phase: 'Provisioning', provisioningSince: '2026-11-25T09:55:00.000Z' }))).toEqual({
      action: 'keep',
      reason: 'team-a-making is being created',
    });
    // Production and protected ones are left to people, half-made or not.
    expect(planOf(env('prod', { type: 'production', phase: 'Provisioning', provisioningSince: '2026-11-01T00:00:00.000Z' })).action).toBe('keep');
  });
});
