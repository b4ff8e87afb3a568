import { ResponseError } from '@backstage/errors';
import { responseError, sampleTypes } from '../testing/fakes';
import { describeServerError } from './errors';
import { expiryText, parseDays, shortRef } from './format';
import { usagePercent } from './quantity';
import { callerTeams, isLeadOf } from './teams';
import { nameProblem, namespacePreview, ttlProblem } from './validation';

const now = new Date('2025-03-01T12:00:00Z');

describe('expiryText', () => {
  it('counts down in days, hours and minutes', () => {
    expect(expiryText('2025-03-04T13:00:00Z', now)).toBe('expires in 3 days');
    expect(expiryText('2025-03-02T12:00:00Z', now)).toBe('expires in 1 day');
    expect(expiryText('2025-03-01T17:30:00Z', now)).toBe('expires in 5 hours');
    expect(expiryText('2025-03-01T12:10:00Z', now)).toBe('expires in 10 minutes');
    expect(expiryText('2025-03-01T11:00:00Z', now)).toBe('expired');
    expect(expiryText(undefined, now)).toBe('never');
  });
});

describe('small formats', () => {
  it('reads days and refs', () => {
    expect(parseDays('14')).toBe(14);
    expect(parseDays('0')).toBeUndefined();
    expect(parseDays('1.5')).toBeUndefined();
    expect(shortRef('user:default/alice')).toBe('alice');
    expect(shortRef('group:default/team-a')).toBe('group:default/team-a');
  });

  it('reads Kubernetes quantities', () => {
    expect(usagePercent('lots', '4')).toBeUndefined();
    expect(usagePercent('250m', '4')).toBe(6.25);
    expect(usagePercent('6Gi', '8Gi')).toBe(75);
    expect(usagePercent('1', '0')).toBeUndefined();
  });
});

describe('callerTeams', () => {
  it('separates teams from tier groups', () => {
    const caller = callerTeams(['user:default/alice', 'group:default/team-b', 'group:default/team-a', 'group:default/team-a-leads', 'group:default/platform-admins']);
    expect(caller).toEqual({ teams: ['team-a', 'team-b'], leads: ['team-a'], platformAdmin: true });
    expect(isLeadOf(callerTeams(['group:default/team-a-leads']), 'team-a')).toBe(true);
    expect(isLeadOf(callerTeams(['group:default/team-a']), 'team-a')).toBe(false);
    expect(isLeadOf(callerTeams(['group:default/platform-admins']), 'team-z')).toBe(true);
  });
});

describe('validation', () => {
  it('checks the name and the namespace length', () => {
    expect(nameProblem('team-a', 'staging')).toBeUndefined();
    expect(nameProblem('team-a', 'Staging')).toMatch(/lowercase/);
    expect(nameProblem('a'.repeat(30), 'b'.repeat(40))).toBe('The namespace would be 71 characters; Kubernetes allows 63. Choose a shorter name.');
    expect(namespacePreview('team-a', 'pr-42')).toBe('Namespace: team-a-pr-42 (12/63 characters)');
  });

  it('checks the TTL against the type', () => {
    const [development, , , production] = sampleTypes;
    expect(ttlProblem('30', development, false)).toBeUndefined();
    expect(ttlProblem('31', development, false)).toMatch(/At most 30 days/);
    expect(ttlProblem('31', development, true)).toBeUndefined();
    expect(ttlProblem('', development, false)).toMatch(/whole number/);
    expect(ttlProblem('', production, false)).toBeUndefined();
  });
});

describe('describeServerError', () => {
  it('splits an InputError into fields', async () => {
    const problem = describeServerError(await responseError(400, 'InputError', 'name: too long; type: unknown; something else'));
    expect(problem).toEqual({ title: 'Check the form', message: 'something else', fields: { name: 'too long', type: 'unknown' } });
  });

  it('reads a bare { error } body that ResponseError did not understand', async () => {
    const response = new Response(JSON.stringify({ error: { name: 'ConflictError', message: 'exists' } }), {
      status: 409,
      headers: { 'content-type': 'application/json' },
    });
    const problem = describeServerError(await ResponseError.fromResponse(response as any));
    expect(problem).toEqual({ title: 'Already exists', message: 'exists', fields: {} });
  });

  it('names a failure by its status when the body says nothing', async () => {
    const response = new Response('', { status: 503 });
    expect(describeServerError(await ResponseError.fromResponse(response as any)).title).toBe('The cluster is not reachable');
  });
});
