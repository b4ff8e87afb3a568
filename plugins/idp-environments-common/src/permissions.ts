import { createPermission } from '@backstage/plugin-permission-common';

/** Resource type of environment permissions; the resource ref is the environment's namespace. */
export const ENVIRONMENT_RESOURCE_TYPE = 'slipway-environment';

/** Create an environment (of a team the rules allow). */
export const environmentCreatePermission = createPermission({
  name: 'slipway.environment.create',
  attributes: { action: 'create' },
});

export const environmentReadPermission = createPermission({
  name: 'slipway.environment.read',
  attributes: { action: 'read' },
  resourceType: ENVIRONMENT_RESOURCE_TYPE,
});

/** Extend an environment, or clone into it. */
export const environmentUpdatePermission = createPermission({
  name: 'slipway.environment.update',
  attributes: { action: 'update' },
  resourceType: ENVIRONMENT_RESOURCE_TYPE,
});

export const environmentDeletePermission = createPermission({
  name: 'slipway.environment.delete',
  attributes: { action: 'delete' },
  resourceType: ENVIRONMENT_RESOURCE_TYPE,
});

/** Change an environment's quota, up to its type's maximum (tech leads and platform admins). */
export const environmentQuotaChangePermission = createPermission({
  name: 'slipway.environment.quota.change',
  attributes: { action: 'update' },
  resourceType: ENVIRONMENT_RESOURCE_TYPE,
});

/** Create and remove pull-request previews: what a CI system's webhook is allowed to do. */
export const previewEnvironmentManagePermission = createPermission({
  name: 'slipway.environment.preview.manage',
  attributes: {},
});

export const environmentsPermissions = [
  environmentCreatePermission,
  environmentReadPermission,
  environmentUpdatePermission,
  environmentDeletePermission,
  environmentQuotaChangePermission,
  previewEnvironmentManagePermission,
];
