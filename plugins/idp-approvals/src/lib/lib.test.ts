import { ResponseError } from '@backstage/errors';
import { reasonOf } from './errors';
import { ageText, expiresInText, resourceDeltaTexts, shortRef } from './format';

const now = new Date('2025-03-10T12:00:00Z');

describe('format', () => {
  it('says how old a request is and when it expires', () => {
    expect(ageText('2025-03-10T11:59:30Z', now)).toBe('just now');
    expect(ageText('2025-03-10T11:15:00Z', now)).toBe('45 minutes ago');
    expect(ageText('2025-03-08T10:00:00Z', now)).toBe('2 days 2 hours ago');
    expect(expiresInText('2025-03-17T11:00:00Z', now)).toBe('in 6 days 23 hours');
    expect(expiresInText('2025-03-10T13:00:00Z', now)).toBe('in 1 hour');
    expect(expiresInText('2025-03-10T13:30:00Z', now)).toBe('in 1 hour 30 minutes');
    expect(expiresInText('2025-03-10T12:00:00Z', now)).toBe('expired');
  });

  it('signs the resource delta', () => {
    expect(resourceDeltaTexts({ cpuMillicores: 250, memoryBytes: -128 * 1024 ** 2, replicas: 0 })).toEqual({
      cpu: '+250m CPU',
      memory: '−128Mi',
      replicas: '±0 replicas',
    });
    expect(resourceDeltaTexts({ cpuMillicores: -2000, memoryBytes: 1.5 * 1024 ** 3, replicas: 1 })).toEqual({
      cpu: '−2 CPU',
      memory: '+1.5Gi',
      replicas: '+1 replica',
    });
  });

  it('shortens user refs only', () => {
    expect(shortRef('user:default/alice')).toBe('alice');
    expect(shortRef('group:default/team-a')).toBe('group:default/team-a');
  });
});

describe('reasonOf', () => {
  const response = (body: unknown, status: number) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }) as any;

  it('reads a Backstage error body', async () => {
    const error = await ResponseError.fromResponse(response({ error: { name: 'ConflictError', message: 'The request expired' }, response: { statusCode: 409 } }, 409));
    expect(reasonOf(error)).toBe('The request expired');
  });

  it('reads a bare error body', async () => {
    const error = await ResponseError.fromResponse(response({ error: { name: 'NotAllowedError', message: 'Not a tech lead of team-a' } }, 403));
    expect(reasonOf(error)).toBe('Not a tech lead of team-a');
  });
});
