import { createPermission } from '@backstage/plugin-permission-common';
import { ENVIRONMENT_RESOURCE_TYPE } from '@internal/plugin-idp-environments-common';

/**
 * Deploy an app into an environment (resource ref: its namespace). The access table allows it
 * in non-production environments; production deploys are requests a tech lead approves.
 */
export const appDeployPermission = createPermission({
  name: 'slipway.app.deploy',
  attributes: { action: 'update' },
  resourceType: ENVIRONMENT_RESOURCE_TYPE,
});

/** Why a deploy the permission framework refused is refused, in one wording for every edge. */
export function deployRefusal(environment: { namespace: string; type: string; team: string }): string {
  if (environment.type === 'production') {
    return `${environment.namespace} is production: deploys there go through a tech lead's approval, not this form`;
  }
  return `You may not deploy to ${environment.namespace}: only members of ${environment.team} (and platform admins) deploy there`;
}
