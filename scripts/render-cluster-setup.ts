/*
 * Writes cluster/manifests/slipway-cluster-setup.json, the once-per-cluster objects Slipway
 * needs (its ClusterRoles, the platform admins' binding), from the same code the portal uses.
 * Run after changing the roles:  node --require ./node_modules/@backstage/cli/config/nodeTransform.cjs scripts/render-cluster-setup.ts
 */
import { renderClusterSetup } from '@internal/plugin-idp-environments-common';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const target = resolve(__dirname, '../cluster/manifests/slipway-cluster-setup.json');
writeFileSync(target, `${JSON.stringify(renderClusterSetup(), null, 2)}\n`);
console.log(`wrote ${target}`);
