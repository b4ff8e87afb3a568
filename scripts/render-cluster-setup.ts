/*
 * Writes the once-per-cluster objects Slipway needs (the tiers' ClusterRoles, the platform identity's roles, the
 * admission policies), from the access table the portal uses, to:
 *   cluster/manifests/slipway-cluster-setup.json  the local control plane's, with the seeded organisation
 *                                                 (catalog/org.yaml) as the people the platform may impersonate;
 *   deploy/slipway/files/cluster-setup.json       the Helm chart's, with placeholders for the release's
 *                                                 ServiceAccount and nobody impersonated until the backend syncs.
 * Run after changing the table:  node --require ./node_modules/@backstage/cli/config/nodeTransform.cjs scripts/render-cluster-setup.ts
 */
import { CHART_CLUSTER_SETUP_FILE, chartClusterSetup } from '@internal/helm-chart';
import { localClusterSetup } from '@internal/local-cluster';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const write = (target: string, content: unknown) => {
  writeFileSync(target, `${JSON.stringify(content, null, 2)}\n`);
  console.log(`wrote ${target}`);
};
write(resolve(__dirname, '../cluster/manifests/slipway-cluster-setup.json'), localClusterSetup());
write(CHART_CLUSTER_SETUP_FILE, chartClusterSetup());
