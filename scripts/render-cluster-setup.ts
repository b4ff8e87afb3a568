/*
 * Writes cluster/manifests/slipway-cluster-setup.json, the once-per-cluster objects Slipway
 * needs (the tiers' ClusterRoles, the platform identity's roles, the admission policies), from
 * the access table the portal uses, with the seeded organisation (catalog/org.yaml) as the
 * people the platform may impersonate.
 * Run after changing the table:  node --require ./node_modules/@backstage/cli/config/nodeTransform.cjs scripts/render-cluster-setup.ts
 */
import { localClusterSetup } from '@internal/local-cluster';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const target = resolve(__dirname, '../cluster/manifests/slipway-cluster-setup.json');
writeFileSync(target, `${JSON.stringify(localClusterSetup(), null, 2)}\n`);
console.log(`wrote ${target}`);
