import { NamespaceLike, environmentFromNamespace } from './environment';
import { decideExistingNamespace, isStaleProvisioning, provisioningMarkerValue, provisioningRequest, readProvisioningMarker } from './provisioning';

const now = new Date('2026-12-01T12:00:00.000Z');
const request = provisioningRequest({ team: 'team-a', name: 'dev', type: 'development' });
const alice = { by: 'user:default/alice', request };

const namespace = (options: { marker?: string; terminating?: boolean; managed?: boolean } = {}): NamespaceLike => ({
  metadata: {
    name: 'team-a-dev',
    labels:
      options.managed === false
        ? {}
        : { 'app.kubernetes.io/managed-by': 'slipway', 'slipway.dev/team': 'team-a', 'slipway.dev/environment': 'dev', 'slipway.dev/type': 'development' },
    annotations: {
      'slipway.dev/owner': 'user:default/alice',
      'slipway.dev/created-at': '2026-12-01T11:58:00.000Z',
      ...(options.marker !== undefined ? { 'slipway.dev/provisioning': options.marker } : {}),
    },
    ...(options.terminating ? { deletionTimestamp: '2026-12-01T11:59:00.000Z' } : {}),
  },
  status: { phase: options.terminating ? 'Terminating' : 'Active' },
});
const marked = (by: string, at: string, req = request) => namespace({ marker: provisioningMarkerValue({ by, request: req, at }) });

describe('provisioningRequest', () => {
  it('is the same for the same choices, whatever the key order, and differs for any other choice', () => {
    expect(provisioningRequest({ type: 'development', name: 'dev', team: 'team-a' })).toBe(request);
    expect(provisioningRequest({ team: 'team-a', name: 'dev', type: 'development', protected: false })).toBe(request);
    expect(provisioningRequest({ team: 'team-a', name: 'dev', type: 'development', ttlDays: 3 })).not.toBe(request);
    expect(provisioningRequest({ team: 'team-a', name: 'dev', type: 'staging' })).not.toBe(request);
    expect(provisioningRequest({ team: 'team-a', name: 'dev', type: 'development', clonedFrom: 'team-a-src' })).not.toBe(request);
  });
});

describe('the provisioning marker', () => {
  it('is read back, makes the environment Provisioning, and an unreadable one still counts', () => {
    const ns = marked('user:default/alice', '2026-12-01T11:58:00.000Z');
    expect(readProvisioningMarker(ns)).toEqual({ by: 'user:default/alice', request, at: '2026-12-01T11:58:00.000Z' });
    expect(environmentFromNamespace(ns)).toMatchObject({ phase: 'Provisioning', provisioningSince: '2026-12-01T11:58:00.000Z' });
    expect(environmentFromNamespace(namespace())?.phase).toBe('Active');
    expect(environmentFromNamespace(namespace())).not.toHaveProperty('provisioningSince');
    expect(readProvisioningMarker(namespace({ marker: 'garbage' }))).toEqual({ by: '', request: '', at: '' });
    expect(environmentFromNamespace(namespace({ marker: 'garbage' }))).toMatchObject({ phase: 'Provisioning', provisioningSince: '2026-12-01T11:58:00.000Z' });
  });

  it('is stale after the limit, or at once when its time is unreadable', () => {
    expect(isStaleProvisioning(marked('x', '2026-12-01T11:51:00.000Z'), now)).toBe(false);
    expect(isStaleProvisioning(marked('x', '2026-12-01T11:50:00.000Z'), now)).toBe(true);
    expect(isStaleProvisioning(namespace({ marker: 'garbage' }), now)).toBe(true);
    expect(isStaleProvisioning(namespace(), now)).toBe(false);
  });
});

describe('decideExistingNamespace', () => {
  it('resumes the same request still provisioning, however old', () => {
    expect(decideExistingNamespace(marked('user:default/alice', '2026-12-01T11:58:00.000Z'), alice, now)).toEqual({ action: 'resume' });
    expect(decideExistingNamespace(marked('user:default/alice', '2026-11-01T00:00:00.000Z'), alice, now)).toEqual({ action: 'resume' });
  });

  it('refuses another request while it is fresh, naming who and when', () => {
    expect(decideExistingNamespace(marked('user:default/bob', '2026-12-01T11:58:00.000Z'), alice, now)).toEqual({
      action: 'conflict',
      reason: 'Environment team-a-dev is being created by another request (user:default/bob at 2026-12-01T11:58:00.000Z); choose another name',
    });
    // The same person asking for something else is another request too.
    const other = provisioningRequest({ team: 'team-a', name: 'dev', type: 'development', ttlDays: 2 });
    expect(decideExistingNamespace(marked('user:default/alice', '2026-12-01T11:58:00.000Z', other), alice, now).action).toBe('conflict');
  });

  it('removes another request’s abandoned namespace, and says to try again', () => {
    expect(decideExistingNamespace(marked('user:default/bob', '2026-12-01T11:00:00.000Z'), alice, now)).toEqual({
      action: 'remove-stale',
      reason: 'Environment team-a-dev was left half-made by an interrupted request at 2026-12-01T11:00:00.000Z; it is being removed now, try again in a moment',
    });
  });

  it('answers the same request repeated shortly after it finished with the environment, and refuses it later or for others', () => {
    const finished = (by: string, at: string) => {
      const ns = namespace();
      ns.metadata!.annotations!['slipway.dev/created-by-request'] = provisioningMarkerValue({ by, request, at });
      return ns;
    };
    expect(decideExistingNamespace(finished('user:default/alice', '2026-12-01T11:55:00.000Z'), alice, now)).toEqual({ action: 'done' });
    expect(decideExistingNamespace(finished('user:default/alice', '2026-12-01T11:40:00.000Z'), alice, now).action).toBe('conflict');
    expect(decideExistingNamespace(finished('user:default/bob', '2026-12-01T11:55:00.000Z'), alice, now).action).toBe('conflict');
  });

  it('refuses a ready, a terminating and a foreign namespace', () => {
    expect(decideExistingNamespace(namespace(), alice, now)).toEqual({
      action: 'conflict',
      reason: 'Environment team-a-dev already exists (created by user:default/alice at 2026-12-01T11:58:00.000Z); choose another name or extend that one',
    });
    expect(decideExistingNamespace(namespace({ terminating: true, marker: 'x' }), alice, now)).toEqual({
      action: 'conflict',
      reason: 'Environment team-a-dev is being deleted; wait until it is gone (usually seconds) or choose another name',
    });
    expect(decideExistingNamespace(namespace({ managed: false }), alice, now)).toEqual({
      action: 'conflict',
      reason: 'Namespace team-a-dev exists and is not managed by Slipway; choose another name',
    });
  });
});
