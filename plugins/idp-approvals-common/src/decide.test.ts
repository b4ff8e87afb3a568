import { callerFromIdentity } from '@internal/plugin-idp-environments-common';
import { DecidableRequest, approvalSettingsFor, decideApproval, isExpired, statusAfterDecisions } from './decide';

const person = (name: string, ...groups: string[]) => callerFromIdentity(`user:default/${name}`, groups.map(g => `group:default/${g}`));
const alice = person('alice', 'team-a');
const bob = person('bob', 'team-a', 'team-a-leads');
const dave = person('dave', 'team-a', 'team-a-leads');
const carol = person('carol', 'team-b', 'team-b-leads');
const erin = person('erin', 'platform', 'platform-admins');

const now = new Date('2025-01-10T12:00:00Z');
const request = (overrides: Partial<DecidableRequest> = {}): DecidableRequest => ({
  team: 'team-a',
  requester: 'user:default/alice',
  status: 'pending',
  expiresAt: '2025-01-17T12:00:00Z',
  decisions: [],
  ...overrides,
});
const one = { quorum: 1 };

describe('decideApproval', () => {
  it('lets a tech lead of the team and a platform admin decide a pending request', () => {
    expect(decideApproval(bob, request(), one, now)).toEqual({ allowed: true });
    expect(decideApproval(erin, request(), one, now)).toEqual({ allowed: true });
  });

  it('never lets the requester decide, tech leads and platform admins included', () => {
    expect(decideApproval(alice, request(), one, now)).toEqual({ allowed: false, refusal: 'forbidden', reason: 'You requested it; another tech lead of team-a approves' });
    expect(decideApproval(bob, request({ requester: 'user:default/bob' }), one, now)).toMatchObject({ allowed: false, refusal: 'forbidden', reason: expect.stringMatching(/^You requested it/) });
    expect(decideApproval(erin, request({ requester: 'user:default/erin' }), one, now)).toMatchObject({ allowed: false, refusal: 'forbidden' });
  });

  it('refuses developers and other teams’ leads', () => {
    const colleague = person('frank', 'team-a');
    expect(decideApproval(colleague, request(), one, now)).toEqual({ allowed: false, refusal: 'forbidden', reason: 'Only tech leads of team-a (or platform admins) approve its production deploys' });
    expect(decideApproval(carol, request(), one, now)).toMatchObject({ allowed: false, refusal: 'forbidden' });
  });

  it('refuses once the request is closed or expired, saying what happened', () => {
    expect(decideApproval(bob, request({ status: 'applied' }), one, now)).toEqual({
      allowed: false,
      refusal: 'conflict',
      reason: 'This request can no longer be decided: it was already approved and applied',
    });
    expect(decideApproval(bob, request({ status: 'stale' }), one, now)).toMatchObject({ refusal: 'conflict', reason: expect.stringMatching(/changed since it was requested/) });
    expect(decideApproval(bob, request({ status: 'rejected' }), one, now)).toMatchObject({ refusal: 'conflict', reason: expect.stringMatching(/rejected/) });
    expect(decideApproval(bob, request({ expiresAt: '2025-01-10T12:00:00Z' }), one, now)).toMatchObject({ refusal: 'conflict', reason: expect.stringMatching(/expired/) });
    // Closed beats forbidden: a developer learns it is over, not that they are not a lead.
    expect(decideApproval(alice, request({ status: 'expired' }), one, now)).toMatchObject({ refusal: 'conflict' });
  });

  it('counts each lead once towards a quorum', () => {
    const two = { quorum: 2 };
    const approvedByBob = request({ decisions: [{ by: 'user:default/bob', decision: 'approve' }] });
    expect(decideApproval(bob, approvedByBob, two, now)).toEqual({ allowed: false, refusal: 'conflict', reason: 'You already decided this request; another tech lead decides next' });
    expect(decideApproval(dave, approvedByBob, two, now)).toEqual({ allowed: true });
    expect(decideApproval(dave, approvedByBob, one, now)).toMatchObject({ refusal: 'conflict', reason: expect.stringMatching(/already approved/) });
  });
});

describe('statusAfterDecisions, isExpired and approvalSettingsFor', () => {
  it('approves at the quorum and rejects on any rejection', () => {
    const approve = (by: string) => ({ by, decision: 'approve' as const });
    expect(statusAfterDecisions([], { quorum: 1 })).toBe('pending');
    expect(statusAfterDecisions([approve('bob')], { quorum: 1 })).toBe('approved');
    expect(statusAfterDecisions([approve('bob')], { quorum: 2 })).toBe('pending');
    expect(statusAfterDecisions([approve('bob'), approve('dave')], { quorum: 2 })).toBe('approved');
    expect(statusAfterDecisions([approve('bob'), { by: 'dave', decision: 'reject' }], { quorum: 2 })).toBe('rejected');
  });

  it('expires pending requests at their expiry only', () => {
    expect(isExpired(request({ expiresAt: '2025-01-10T11:59:59Z' }), now)).toBe(true);
    expect(isExpired(request(), now)).toBe(false);
    expect(isExpired(request({ status: 'applied', expiresAt: '2025-01-01T00:00:00Z' }), now)).toBe(false);
  });

  it('reads expiry and quorum per environment type, 7 days and 1 by default', () => {
    expect(approvalSettingsFor(undefined, 'production')).toEqual({ expiryDays: 7, quorum: 1 });
    expect(approvalSettingsFor({ expiryDays: { production: 2 }, quorum: { production: 2, staging: 3 } }, 'production')).toEqual({ expiryDays: 2, quorum: 2 });
    expect(approvalSettingsFor({ quorum: { production: 0 } }, 'production').quorum).toBe(1);
  });
});
