import { createPermission } from '@backstage/plugin-permission-common';
import { ENVIRONMENT_RESOURCE_TYPE } from '@internal/plugin-idp-environments-common';

/**
 * Deploy an app into an environment (resource ref: its namespace). The access table allows it
 * in non-production environments; production deploys are requests a tech lead approves.
 * `decideDeploy` (deployRules.ts) words its refusals.
 */
export const appDeployPermission = createPermission({
  name: 'slipway.app.deploy',
  attributes: { action: 'update' },
  resourceType: ENVIRONMENT_RESOURCE_TYPE,
});
