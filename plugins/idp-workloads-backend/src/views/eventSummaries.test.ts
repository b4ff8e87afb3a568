import type { CoreV1Event } from '@kubernetes/client-node';
import { at, event, NAMESPACE } from './__fixtures__/kubernetes';
import { eventsAbout, eventsOfWorkload, eventView, sortEventsNewestFirst } from './eventSummaries';

describe('eventView', () => {
  it('summarises an old-style (core/v1) event', () => {
    const e = event({
      kind: 'Pod',
      name: 'web-7d9f8b6c5-x2kqp',
      reason: 'BackOff',
      message: 'Back-off restarting failed container web in pod web-7d9f8b6c5-x2kqp_team-a-staging\n',
      count: 14,
      first: '2026-11-25T09:40:00Z',
      last: '2026-11-25T09:58:00Z',
    });
    expect(eventView(e)).toEqual({
      id: e.metadata.uid,
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container web in pod web-7d9f8b6c5-x2kqp_team-a-staging',
      object: 'Pod/web-7d9f8b6c5-x2kqp',
      count: 14,
      firstSeen: '2026-11-25T09:40:00.000Z',
      lastSeen: '2026-11-25T09:58:00.000Z',
    });
  });

  it('summarises a new-style (events.k8s.io) event with a series', () => {
    const e: CoreV1Event = {
      metadata: { name: 'web.18b', namespace: NAMESPACE, uid: 'u-1', creationTimestamp: at('2026-11-25T09:30:00Z') },
      involvedObject: { kind: 'Deployment', name: 'web', namespace: NAMESPACE },
      reason: 'ScalingReplicaSet',
      message: 'Scaled up replica set web-7d9f8b6c5 to 3',
      type: 'Normal',
      eventTime: at('2026-11-25T09:30:00.123456Z'),
      series: { count: 3, lastObservedTime: at('2026-11-25T09:45:00.000000Z') },
    };
    expect(eventView(e)).toEqual({
      id: 'u-1',
      type: 'Normal',
      reason: 'ScalingReplicaSet',
      message: 'Scaled up replica set web-7d9f8b6c5 to 3',
      object: 'Deployment/web',
      count: 3,
      firstSeen: '2026-11-25T09:30:00.123Z',
      lastSeen: '2026-11-25T09:45:00.000Z',
    });
  });

  it('fills what an event leaves out', () => {
    const bare: CoreV1Event = { metadata: { name: 'x.1' }, involvedObject: { kind: 'Pod', name: 'x' } };
    expect(eventView(bare)).toEqual({ id: 'x.1', type: 'Normal', reason: '', message: '', object: 'Pod/x', count: 1 });
  });
});

describe('sorting and filtering events', () => {
  const views = [
    eventView(event({ kind: 'Pod', name: 'web-7d9f8b6c5-x2kqp', reason: 'Started', type: 'Normal', message: 'Started container web', last: '2026-11-25T09:00:05Z' })),
    eventView(event({ kind: 'ReplicaSet', name: 'web-7d9f8b6c5', reason: 'FailedCreate', message: 'exceeded quota', last: '2026-11-25T09:59:00Z' })),
    eventView(event({ kind: 'Deployment', name: 'api', reason: 'ScalingReplicaSet', type: 'Normal', message: 'Scaled up', last: '2026-11-25T09:30:00Z' })),
    eventView(event({ kind: 'Deployment', name: 'web', reason: 'ScalingReplicaSet', type: 'Normal', message: 'Scaled up', last: '2026-11-25T09:20:00Z' })),
  ];

  it('sorts newest first without changing the input', () => {
    expect(sortEventsNewestFirst(views).map(v => v.lastSeen)).toEqual([
      '2026-11-25T09:59:00.000Z',
      '2026-11-25T09:30:00.000Z',
      '2026-11-25T09:20:00.000Z',
      '2026-11-25T09:00:05.000Z',
    ]);
    expect(views[0].reason).toBe('Started');
  });

  it('keeps the events about given objects', () => {
    expect(eventsAbout(views, ['Deployment/api']).map(v => v.object)).toEqual(['Deployment/api']);
  });

  it('keeps the events of a workload: itself, its ReplicaSets and its pods', () => {
    expect(eventsOfWorkload(views, { kind: 'Deployment', name: 'web' }, ['web-7d9f8b6c5-x2kqp']).map(v => v.object)).toEqual([
      'Pod/web-7d9f8b6c5-x2kqp',
      'ReplicaSet/web-7d9f8b6c5',
      'Deployment/web',
    ]);
  });
});
