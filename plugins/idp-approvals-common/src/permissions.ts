import { createPermission } from '@backstage/plugin-permission-common';
import { ENVIRONMENT_RESOURCE_TYPE } from '@internal/plugin-idp-environments-common';

/**
 * Deploy-request permissions are asked about the production environment (resource ref: its
 * namespace), so the environment policy's team and type conditions decide them, from the access table.
 */

/** Ask for a production deploy: developers, leads and platform admins of the team. */
export const deployRequestCreatePermission = createPermission({
  name: 'slipway.deployRequest.create',
  attributes: { action: 'create' },
  resourceType: ENVIRONMENT_RESOURCE_TYPE,
});

/** Approve or reject one: the team's tech leads and platform admins (the rules then exclude the requester). */
export const deployRequestDecidePermission = createPermission({
  name: 'slipway.deployRequest.decide',
  attributes: { action: 'update' },
  resourceType: ENVIRONMENT_RESOURCE_TYPE,
});

export const approvalsPermissions = [deployRequestCreatePermission, deployRequestDecidePermission];
