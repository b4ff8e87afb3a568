import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { AccessReview } from './AccessReview';

/** A cluster whose RBAC lets `allowed` do anything in the namespaces listed ('' = everywhere). */
function fakeCluster(allowed: Record<string, string[]>) {
  const asked: Array<{ user: string; namespace?: string }> = [];
  let failNext = false;
  const cluster = {
    asUser: (_api: unknown, who: { user: string }) => ({
      async createSelfSubjectAccessReview({ body }: any) {
        const namespace = body.spec.resourceAttributes.namespace;
        asked.push({ user: who.user, namespace });
        await new Promise(resolve => setTimeout(resolve, 1));
        if (failNext) {
          failNext = false;
          throw new Error('connection refused');
        }
        const scopes = allowed[who.user] ?? [];
        return { status: { allowed: scopes.includes('') || (namespace !== undefined && scopes.includes(namespace)) } };
      },
    }),
  } as unknown as ClusterAccess;
  return { cluster, asked, failOnce: () => (failNext = true) };
}

const question = (namespace: string) => ({ namespace, verb: 'list', resource: 'pods' });
const namespaces = Array.from({ length: 200 }, (_, i) => `team-a-env-${i}`);

describe('AccessReview', () => {
  it('answers every namespace of a user allowed everywhere with one review, even when asked all at once', async () => {
    const { cluster, asked } = fakeCluster({ erin: [''] });
    const access = new AccessReview(cluster);
    const erin = { user: 'erin', groups: ['platform-admins'] };
    expect(await Promise.all(namespaces.map(ns => access.allows(erin, question(ns))))).toEqual(namespaces.map(() => true));
    expect(asked).toEqual([{ user: 'erin', namespace: undefined }]);
  });

  it('asks namespace by namespace for a user bound in some, and remembers each answer for 30 s', async () => {
    let now = 1_000_000;
    const { cluster, asked } = fakeCluster({ alice: ['team-a-env-1'] });
    const access = new AccessReview(cluster, () => now);
    const alice = { user: 'alice', groups: ['team-a'] };
    expect(await Promise.all([access.allows(alice, question('team-a-env-1')), access.allows(alice, question('team-a-env-1'))])).toEqual([true, true]);
    expect(await access.allows(alice, question('team-b-env-1'))).toBe(false);
    // One review for every namespace (refused), then one per namespace asked.
    expect(asked).toEqual([
      { user: 'alice', namespace: undefined },
      { user: 'alice', namespace: 'team-a-env-1' },
      { user: 'alice', namespace: 'team-b-env-1' },
    ]);
    now += 29_000;
    await access.allows(alice, question('team-a-env-1'));
    expect(asked).toHaveLength(3);
    now += 2_000;
    await access.allows(alice, question('team-a-env-1'));
    expect(asked).toHaveLength(5);
  });

  it('does not remember a review that failed', async () => {
    const { cluster, asked, failOnce } = fakeCluster({ erin: [''] });
    const access = new AccessReview(cluster);
    const erin = { user: 'erin', groups: ['platform-admins'] };
    failOnce();
    await expect(access.allows(erin, question('team-a-env-1'))).rejects.toThrow('connection refused');
    expect(await access.allows(erin, question('team-a-env-1'))).toBe(true);
    expect(asked).toHaveLength(2);
  });
});
