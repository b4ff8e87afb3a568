import { environmentEntity } from './environmentEntity';

describe('environmentEntity', () => {
  it('describes an environment as a Resource owned by its team', () => {
    const entity = environmentEntity({
      team: 'team-a',
      name: 'staging',
      namespace: 'team-a-staging',
      type: 'staging',
      owner: 'user:default/alice',
      createdAt: '2026-11-01T00:00:00.000Z',
      expiresAt: '2026-12-01T00:00:00.000Z',
      protected: true,
      phase: 'Active',
    });
    expect(entity).toMatchObject({
      kind: 'Resource',
      metadata: {
        name: 'team-a-staging',
        title: 'team-a staging',
        tags: ['staging', 'protected'],
        annotations: { 'backstage.io/kubernetes-namespace': 'team-a-staging', 'slipway.dev/expires-at': '2026-12-01T00:00:00.000Z' },
      },
      spec: { type: 'environment', owner: 'group:default/team-a', system: 'slipway' },
    });
    expect(entity.metadata.description).toBe('staging environment of team-a (namespace team-a-staging); expires 2026-12-01T00:00:00.000Z');
  });
});
