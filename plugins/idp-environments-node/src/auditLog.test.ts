import { AuditorEventLike, MAX_AUDIT_META_BYTES, auditEntryOf } from './auditLog';

const at = new Date('2025-01-10T12:00:00Z');
const event = (overrides: Partial<AuditorEventLike> = {}): AuditorEventLike => ({
  plugin: 'idp-environments',
  eventId: 'environment-delete',
  severityLevel: 'high',
  actor: { actorId: 'user:default/bob' },
  meta: { team: 'team-a', namespace: 'team-a-dev', environment: 'dev', outcome: 'deleted' },
  status: 'succeeded',
  ...overrides,
});

describe('auditEntryOf', () => {
  it('records a finished event with its actor, names and outcome; an event that only started is not an entry', () => {
    expect(auditEntryOf(event(), at)).toEqual({
      at: '2025-01-10T12:00:00.000Z',
      plugin: 'idp-environments',
      eventId: 'environment-delete',
      severity: 'high',
      actor: 'user:default/bob',
      status: 'succeeded',
      team: 'team-a',
      namespace: 'team-a-dev',
      environment: 'dev',
      app: undefined,
      meta: { team: 'team-a', namespace: 'team-a-dev', environment: 'dev', outcome: 'deleted' },
      error: undefined,
    });
    expect(auditEntryOf(event({ status: 'initiated' }), at)).toBeUndefined();
  });

  it('tells refusals from failures by the outcome audited() named or by the error class', () => {
    expect(auditEntryOf(event({ status: 'failed', error: 'NotAllowedError: You may not delete', meta: {} }), at)).toMatchObject({ status: 'refused', error: 'NotAllowedError: You may not delete' });
    expect(auditEntryOf(event({ status: 'failed', error: 'Error: conflict', meta: { outcome: 'refused' } }), at)).toMatchObject({ status: 'refused' });
    expect(auditEntryOf(event({ status: 'failed', error: 'Error: socket hang up', meta: {} }), at)).toMatchObject({ status: 'failed' });
    const denied = Object.assign(new Error('You may not delete team-a-dev'), { name: 'NotAllowedError' });
    expect(auditEntryOf(event({ status: 'failed', error: denied, meta: {} }), at)).toMatchObject({ status: 'refused', error: 'NotAllowedError: You may not delete team-a-dev' });
    expect(auditEntryOf(event({ status: 'failed', error: new Error('socket hang up'), meta: {} }), at)).toMatchObject({ status: 'failed', error: 'Error: socket hang up' });
  });

  it('prefers the actor a plugin names (a scaffolder action acting for a user, the janitor) and falls back to the plugin', () => {
    expect(auditEntryOf(event({ actor: { actorId: 'plugin:scaffolder' }, meta: { actor: 'user:default/alice' } }), at)?.actor).toBe('user:default/alice');
    expect(auditEntryOf(event({ actor: {}, meta: {} }), at)?.actor).toBe('plugin:idp-environments');
  });

  it('caps the stored meta and names the fields it left out', () => {
    const meta = { team: 'team-a', objects: Array.from({ length: 2000 }, (_, i) => `ConfigMap/config-${i}`) };
    const entry = auditEntryOf(event({ meta }), at)!;
    expect(Buffer.byteLength(JSON.stringify(entry.meta))).toBeLessThanOrEqual(MAX_AUDIT_META_BYTES);
    expect(entry.meta).toEqual({ team: 'team-a', truncated: ['objects'] });
    expect(entry.team).toBe('team-a');
  });
});
