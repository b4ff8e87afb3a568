import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { localClusterSetup } from './localClusterSetup';

describe('cluster/manifests/slipway-cluster-setup.json', () => {
  it('holds exactly what the access table renders for the seeded organisation', () => {
    const file = resolve(__dirname, '../../../cluster/manifests/slipway-cluster-setup.json');
    const installed = JSON.parse(readFileSync(file, 'utf8'));
    // If this fails: node --require ./node_modules/@backstage/cli/config/nodeTransform.cjs scripts/render-cluster-setup.ts
    expect(installed).toEqual(localClusterSetup());
  });

  it('lets the platform impersonate the seeded people and groups, and no system identity', () => {
    const role = (localClusterSetup().items as any[]).find(o => o.metadata.name === 'slipway-backend-impersonation');
    expect(role.rules).toEqual([
      {
        apiGroups: [''],
        resources: ['users'],
        verbs: ['impersonate'],
        resourceNames: ['alice', 'bob', 'carol', 'dave', 'erin'],
      },
      {
        apiGroups: [''],
        resources: ['groups'],
        verbs: ['impersonate'],
        resourceNames: ['platform', 'platform-admins', 'team-a', 'team-a-leads', 'team-b', 'team-b-leads'],
      },
    ]);
  });
});
