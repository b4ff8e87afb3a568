import { renderClusterSetup } from '@internal/plugin-idp-environments-common';
import { readFileSync } from 'node:fs';
import { CHART_IDENTITY_PLACEHOLDERS, chartClusterSetup } from './chartClusterSetup';
import { CHART_CLUSTER_SETUP_FILE } from './helmTools';

describe('deploy/slipway/files/cluster-setup.json', () => {
  it('holds exactly what the access table renders for the chart', () => {
    const installed = JSON.parse(readFileSync(CHART_CLUSTER_SETUP_FILE, 'utf8'));
    // If this fails: node --require ./node_modules/@backstage/cli/config/nodeTransform.cjs scripts/render-cluster-setup.ts
    expect(installed).toEqual(chartClusterSetup());
  });

  it('becomes the code’s setup for any identity once the chart replaces the placeholders', () => {
    const identity = { namespace: 'platform-tools', serviceAccount: 'portal' };
    const filled = JSON.stringify(chartClusterSetup())
      .replaceAll(CHART_IDENTITY_PLACEHOLDERS.namespace, identity.namespace)
      .replaceAll(CHART_IDENTITY_PLACEHOLDERS.serviceAccount, identity.serviceAccount);
    expect(JSON.parse(filled)).toEqual(renderClusterSetup({ identity, subjects: { users: [], groups: [] } }));
  });

  it('names the platform identity in the bindings and the admission policies, and impersonates nobody yet', () => {
    const items = chartClusterSetup().items as any[];
    const user = `system:serviceaccount:${CHART_IDENTITY_PLACEHOLDERS.namespace}:${CHART_IDENTITY_PLACEHOLDERS.serviceAccount}`;
    const bindings = items.filter(o => o.kind === 'ClusterRoleBinding');
    expect(bindings.map(b => b.metadata.name).sort()).toEqual(['slipway-backend', 'slipway-backend-impersonation']);
    for (const b of bindings) {
      expect(b.subjects).toEqual([{ kind: 'ServiceAccount', name: CHART_IDENTITY_PLACEHOLDERS.serviceAccount, namespace: CHART_IDENTITY_PLACEHOLDERS.namespace }]);
    }
    const policies = items.filter(o => o.kind === 'ValidatingAdmissionPolicy');
    expect(policies.filter(p => JSON.stringify(p).includes(user)).map(p => p.metadata.name).sort()).toEqual(['slipway-platform-objects', 'slipway-platform-scope']);
    expect(items.find(o => o.metadata.name === 'slipway-backend-impersonation' && o.kind === 'ClusterRole').rules).toEqual([]);
  });
});
