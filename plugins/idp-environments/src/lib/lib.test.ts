import { ResponseError } from '@backstage/errors';
import { callerFromIdentity } from '@internal/plugin-idp-environments-common';
import { responseError, sampleTypes } from '../testing/fakes';
import { describeServerError } from './errors';
import { expiryText, parseDays, shortRef } from './format';
import { usagePercent } from './quantity';
import { namespacePreview, ttlHint, ttlLimit, ttlProblem } from './validation';

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

describe('validation', () => {
  const member = callerFromIdentity('user:default/alice', ['group:default/team-a']);
  const lead = callerFromIdentity('user:default/bob', ['group:default/team-a-leads']);
  const [development, , , production] = sampleTypes;

  it('previews the namespace', () => {
    expect(namespacePreview('team-a', 'pr-42')).toBe('Namespace: team-a-pr-42 (12/63 characters)');
  });

  it('checks the TTL against the type with the backend’s rules', () => {
    expect(ttlProblem('30', development, member, 'team-a')).toBeUndefined();
    expect(ttlProblem('31', development, member, 'team-a')).toMatch(/^Use at most 30 days for a development environment/);
    expect(ttlProblem('31', development, lead, 'team-a')).toBeUndefined();
    expect(ttlProblem('31', development, lead, 'team-b')).toMatch(/^Use at most 30 days/);
    expect(ttlProblem('', development, member, 'team-a')).toMatch(/whole number/);
    expect(ttlProblem('', production, member, 'team-a')).toBeUndefined();
  });

  it('bounds leads too, and falls back to the default TTL without a configured maximum', () => {
    expect(ttlProblem('366', development, lead, 'team-a')).toMatch(/^Use at most 365 days/);
    const noMaximum = { ...development, maxTtlDays: undefined };
    expect(ttlProblem('8', noMaximum, member, 'team-a')).toMatch(/^Use at most 7 days/);
    expect(ttlLimit(noMaximum, false)).toBe(7);
    expect(ttlLimit(development, true)).toBe(365);
    expect(ttlLimit(production, true)).toBeUndefined();
    expect(ttlHint(noMaximum, false)).toBe('Default 7 days, at most 7');
    expect(ttlHint(development, true)).toBe('Default 7 days, at most 30 for developers (you may set up to 365)');
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
