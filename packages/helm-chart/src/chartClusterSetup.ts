import { renderClusterSetup } from '@internal/plugin-idp-environments-common';

/**
 * Where the chart puts its platform identity: the release's namespace and the ServiceAccount named in the values.
 * The chart's template (deploy/slipway/templates/cluster-setup.yaml) replaces these strings; nothing else in the
 * rendered setup may contain them.
 */
export const CHART_IDENTITY_PLACEHOLDERS = {
  namespace: '__SLIPWAY_NAMESPACE__',
  serviceAccount: '__SLIPWAY_SERVICE_ACCOUNT__',
} as const;

/**
 * The cluster setup the chart installs (deploy/slipway/files/cluster-setup.json): the same objects as the local
 * control plane's, from the same code, for an identity the chart fills in. Nobody is impersonated yet: the backend
 * fills the impersonation role from the catalog's users and groups once it runs (ImpersonationScope).
 */
export function chartClusterSetup() {
  return renderClusterSetup({ identity: { ...CHART_IDENTITY_PLACEHOLDERS }, subjects: { users: [], groups: [] } });
}
