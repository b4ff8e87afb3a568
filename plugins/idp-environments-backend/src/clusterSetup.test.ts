import { renderClusterSetup } from '@internal/plugin-idp-environments-common';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

describe('cluster/manifests/slipway-cluster-setup.json', () => {
  it('holds exactly the roles and bindings the code renders', () => {
    const file = resolve(__dirname, '../../../cluster/manifests/slipway-cluster-setup.json');
    const installed = JSON.parse(readFileSync(file, 'utf8'));
    // If this fails: node --require ./node_modules/@backstage/cli/config/nodeTransform.cjs scripts/render-cluster-setup.ts
    expect(installed).toEqual(renderClusterSetup());
  });
});
