/*
 * The janitor's audit trail: every deletion and warning is an event with `actor: 'janitor'` and no
 * request. The cluster is faked, so these runs cannot delete what other tests created;
 * EnvironmentJanitor.test.ts runs the janitor against the real local cluster.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { EnvironmentType, renderEnvironment, resolveEnvironmentTypes } from '@internal/plugin-idp-environments-common';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { ApiException } from '@kubernetes/client-node';
import { EnvironmentJanitor } from './EnvironmentJanitor';
import { auditEvents } from '@internal/plugin-idp-environments-node/testUtils';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const DAY = 24 * 3600 * 1000;
const types = resolveEnvironmentTypes(undefined);

/** The Namespace of an environment created `daysAgo` with a `ttlDays` expiry, as the cluster lists it. */
function namespace(name: string, type: EnvironmentType, daysAgo: number, ttlDays?: number, protect = false) {
  const createdAt = new Date(NOW.getTime() - daysAgo * DAY);
  const [ns] = renderEnvironment({
    environment: {
      team: 'team-a',
      name,
      type,
      owner: 'user:default/bob',
      createdAt: createdAt.toISOString(),
      expiresAt: ttlDays === undefined ? undefined : new Date(createdAt.getTime() + ttlDays * DAY).toISOString(),
      protected: protect,
    },
    settings: types.find(t => t.type === type)!,
  });
  return { ...ns, status: { phase: 'Active' } };
}

function fakeCluster() {
  const items = [
    namespace('expired', 'development', 10, 7),
    namespace('soon', 'development', 7, 7.5),
    namespace('fresh', 'development', 0, 7),
    namespace('live', 'production', 400),
    namespace('kept', 'development', 10, 7, true),
  ];
  const core = { listNamespace: jest.fn(async () => ({ items })), deleteNamespace: jest.fn(async () => ({})) };
  const objects = { patch: jest.fn(async () => ({})) };
  return { core, objects, cluster: { asService: () => core, objectsAsService: () => objects } as unknown as ClusterAccess };
}

describe('EnvironmentJanitor audit events', () => {
  it('records each deletion (high) and warning (medium) with the janitor as actor, and nothing for what it keeps', async () => {
    const { cluster, core } = fakeCluster();
    const auditor = mockServices.auditor.mock();
    const send = jest.fn(async () => undefined);
    const run = await EnvironmentJanitor.create({ cluster, logger: mockServices.logger.mock(), notifications: { send }, auditor, now: () => NOW }).run();
    expect(run).toMatchObject({ deleted: ['team-a-expired'], notified: ['team-a-soon'] });
    expect(core.deleteNamespace).toHaveBeenCalledWith({ name: 'team-a-expired' });

    const events = await auditEvents(auditor);
    expect(events.map(e => [e.eventId, e.severityLevel, e.status, e.meta.namespace])).toEqual([
      ['janitor-delete', 'high', 'succeeded', 'team-a-expired'],
      ['janitor-warn', 'medium', 'succeeded', 'team-a-soon'],
    ]);
    // No request: the janitor acts on its own, and says so.
    for (const event of events) expect(event.request).toBeUndefined();
    expect(events[0].meta).toEqual({
      actor: 'janitor',
      namespace: 'team-a-expired',
      team: 'team-a',
      environment: 'expired',
      type: 'development',
      owner: 'user:default/bob',
      expiresAt: '2026-03-07T12:00:00.000Z',
      lastActivityAt: '2026-02-28T12:00:00.000Z',
      reason: 'Deleting team-a-expired: it expires at 2026-03-07T12:00:00.000Z',
      ownerNotified: true,
      outcome: 'deleted',
    });
    expect(events[1].meta).toMatchObject({ actor: 'janitor', environment: 'soon', reason: expect.stringMatching(/will be deleted at/), ownerNotified: true, outcome: 'warned' });
  });

  it('records a deletion the cluster refuses as failed, reports it and goes on', async () => {
    const { cluster, core } = fakeCluster();
    const refusal = new ApiException(403, 'Forbidden', '{"message":"namespaces \\"team-a-expired\\" is forbidden"}', {});
    core.deleteNamespace.mockRejectedValue(refusal);
    const auditor = mockServices.auditor.mock();
    const janitor = EnvironmentJanitor.create({ cluster, logger: mockServices.logger.mock(), auditor, now: () => NOW });
    const run = await janitor.run();
    expect(run.failed).toEqual([{ namespace: 'team-a-expired', error: 'namespaces "team-a-expired" is forbidden' }]);
    expect(run.deleted).toEqual([]);

    const [event] = await auditEvents(auditor);
    expect(event).toMatchObject({ eventId: 'janitor-delete', severityLevel: 'high', status: 'failed', error: refusal });
    expect(event.meta).toMatchObject({ actor: 'janitor', namespace: 'team-a-expired', outcome: 'error' });
    expect(event.meta).not.toHaveProperty('ownerNotified');
  });

  it('records a warning whose notification failed, as a warning that did not reach the owner', async () => {
    const { cluster } = fakeCluster();
    const auditor = mockServices.auditor.mock();
    const send = jest.fn(async () => Promise.reject(new Error('notifications backend unavailable')));
    await EnvironmentJanitor.create({ cluster, logger: mockServices.logger.mock(), notifications: { send }, auditor, now: () => NOW }).run();
    const events = await auditEvents(auditor);
    expect(events.map(e => [e.eventId, e.status, e.meta.ownerNotified])).toEqual([
      ['janitor-delete', 'succeeded', false],
      ['janitor-warn', 'succeeded', false],
    ]);
  });

  it('records nothing in a dry run, which changes nothing', async () => {
    const { cluster, core, objects } = fakeCluster();
    const auditor = mockServices.auditor.mock();
    const run = await EnvironmentJanitor.create({ cluster, logger: mockServices.logger.mock(), auditor, dryRun: true, now: () => NOW }).run();
    expect(run.deleted).toEqual(['team-a-expired']);
    expect(core.deleteNamespace).not.toHaveBeenCalled();
    expect(objects.patch).not.toHaveBeenCalled();
    expect(auditor.createEvent).not.toHaveBeenCalled();
  });
});
